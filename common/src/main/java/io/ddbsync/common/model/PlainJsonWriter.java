package io.ddbsync.common.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ddbsync.common.json.DynamoJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The plain JSON of a value of the change-event model, written straight from its Connect form: the
 * same text as {@code DynamoJson.writePlain(ItemDecoder.decodeValue(kind, value))} (numbers with
 * their exact digits, binary as base64, sets as arrays, a map's attributes in field order and
 * absent ones left out), without building DynamoDB attribute values on the way and with one JSON
 * generator for every value written. Jackson does the escaping.
 *
 * <p>Not thread-safe: one per thread (a batch's row builder holds one).
 */
public final class PlainJsonWriter {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final int MAX_SCHEMAS = 1024;

  private final TextBuffer text = new TextBuffer();
  private final JsonGenerator generator;
  // A map's fields, as read once per struct schema: their attribute names and kinds.
  private final Map<Schema, MapField[]> mapFields = new IdentityHashMap<>();

  private record MapField(Field field, String attribute, FieldKind kind) {}

  public PlainJsonWriter() {
    try {
      generator = FACTORY.createGenerator(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Each value is a root value of its own: nothing between them.
    generator.setRootValueSeparator(null);
  }

  /** The plain JSON text of {@code value}, a value of a field of {@code kind}. */
  public String write(FieldKind kind, Object value) {
    text.builder.setLength(0);
    try {
      write(generator, kind, value);
      generator.flush();
    } catch (IOException e) {
      // The generator writes to memory: only a bug gets here.
      throw new UncheckedIOException(e);
    }
    return text.builder.toString();
  }

  @SuppressWarnings("unchecked")
  private void write(JsonGenerator out, FieldKind kind, Object value) throws IOException {
    switch (kind.base()) {
      case STRING -> out.writeString((String) value);
      case LONG -> out.writeNumber((Long) value);
      case DECIMAL -> out.writeNumber(Numbers.canonicalText((BigDecimal) value));
      case NUMBER_TEXT -> out.writeNumber((String) value);
      case BINARY -> out.writeString(base64(value));
      case BOOLEAN -> out.writeBoolean((Boolean) value);
      case NULL -> out.writeNull();
      case JSON -> DynamoJson.writePlain(out, DynamoJson.read((String) value));
      case MAP -> {
        Struct struct = (Struct) value;
        out.writeStartObject();
        for (MapField field : fieldsOf(struct.schema())) {
          Object fieldValue = struct.get(field.field);
          if (fieldValue != null) {
            out.writeFieldName(field.attribute);
            write(out, field.kind, fieldValue);
          }
        }
        out.writeEndObject();
      }
      case LIST -> {
        out.writeStartArray();
        for (Object element : (List<Object>) value) {
          if (element == null) {
            out.writeNull();
          } else {
            write(out, kind.element(), element);
          }
        }
        out.writeEndArray();
      }
      case STRING_SET -> {
        out.writeStartArray();
        for (Object element : (List<Object>) value) {
          out.writeString((String) element);
        }
        out.writeEndArray();
      }
      case NUMBER_SET -> {
        out.writeStartArray();
        for (Object element : (List<Object>) value) {
          write(out, kind.element(), element);
        }
        out.writeEndArray();
      }
      case BINARY_SET -> {
        out.writeStartArray();
        for (Object element : (List<Object>) value) {
          out.writeString(base64(element));
        }
        out.writeEndArray();
      }
    }
  }

  private MapField[] fieldsOf(Schema schema) {
    MapField[] fields = mapFields.get(schema);
    if (fields == null) {
      List<Field> all = schema.fields();
      fields = new MapField[all.size()];
      for (int i = 0; i < fields.length; i++) {
        Schema fieldSchema = all.get(i).schema();
        fields[i] =
            new MapField(
                all.get(i),
                fieldSchema.parameters().get(SchemaParameters.ATTRIBUTE),
                ItemDecoder.kindOf(fieldSchema));
      }
      if (mapFields.size() >= MAX_SCHEMAS) {
        // Schemas that are not reused (a converter without a schema cache): keep memory bounded.
        mapFields.clear();
      }
      mapFields.put(schema, fields);
    }
    return fields;
  }

  /** Converters hand bytes back as ByteBuffer, producers usually as byte[]; accept both. */
  private static String base64(Object value) {
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer encoded = Base64.getEncoder().encode(buffer.duplicate());
      return new String(
          encoded.array(),
          encoded.arrayOffset(),
          encoded.remaining(),
          java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    return Base64.getEncoder().encodeToString((byte[]) value);
  }

  /** A writer into a reused builder, without the synchronized buffer of a StringWriter. */
  private static final class TextBuffer extends Writer {
    final StringBuilder builder = new StringBuilder(256);

    @Override
    public void write(char[] chars, int offset, int length) {
      builder.append(chars, offset, length);
    }

    @Override
    public void write(String string, int offset, int length) {
      builder.append(string, offset, offset + length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
