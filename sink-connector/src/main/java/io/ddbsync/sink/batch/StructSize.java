package io.ddbsync.sink.batch;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/** The approximate heap a record's value takes, for the buffer caps. */
public final class StructSize {
  private static final int OVERHEAD = 16;

  private StructSize() {}

  public static long of(Object value) {
    if (value == null) {
      return 4;
    }
    if (value instanceof String text) {
      return OVERHEAD + 2L * text.length();
    }
    if (value instanceof byte[] bytes) {
      return OVERHEAD + bytes.length;
    }
    if (value instanceof ByteBuffer buffer) {
      return OVERHEAD + buffer.remaining();
    }
    if (value instanceof Struct struct) {
      long size = OVERHEAD;
      for (Field field : struct.schema().fields()) {
        size += of(struct.get(field));
      }
      return size;
    }
    if (value instanceof List<?> list) {
      long size = OVERHEAD;
      for (Object element : list) {
        size += of(element);
      }
      return size;
    }
    if (value instanceof Map<?, ?> map) {
      long size = OVERHEAD;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        size += of(entry.getKey()) + of(entry.getValue());
      }
      return size;
    }
    return OVERHEAD + 8;
  }
}
