package io.ddbsync.sink.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/** Parquet files in memory: batches are bounded by the sink's buffer caps, so they fit. */
public final class InMemoryFiles {
  private InMemoryFiles() {}

  /** An output file whose bytes are available after the writer closed. */
  public static final class Output implements OutputFile {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return stream();
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      bytes.reset();
      return stream();
    }

    private PositionOutputStream stream() {
      return new DelegatingPositionOutputStream(bytes) {
        @Override
        public long getPos() {
          return bytes.size();
        }
      };
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return "memory";
    }

    public byte[] toByteArray() {
      return bytes.toByteArray();
    }
  }

  /** A Parquet file read from a byte array. */
  public static InputFile input(byte[] data) {
    return new InputFile() {
      @Override
      public long getLength() {
        return data.length;
      }

      @Override
      public SeekableInputStream newStream() {
        ByteArrayStream stream = new ByteArrayStream(data);
        return new DelegatingSeekableInputStream(stream) {
          @Override
          public long getPos() {
            return stream.position();
          }

          @Override
          public void seek(long newPos) {
            stream.seek((int) newPos);
          }
        };
      }
    };
  }

  private static final class ByteArrayStream extends java.io.InputStream {
    private final ByteBuffer buffer;

    ByteArrayStream(byte[] data) {
      this.buffer = ByteBuffer.wrap(data);
    }

    int position() {
      return buffer.position();
    }

    void seek(int position) {
      buffer.position(position);
    }

    @Override
    public int read() {
      return buffer.hasRemaining() ? buffer.get() & 0xFF : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
      if (!buffer.hasRemaining()) {
        return -1;
      }
      int count = Math.min(length, buffer.remaining());
      buffer.get(target, offset, count);
      return count;
    }
  }
}
