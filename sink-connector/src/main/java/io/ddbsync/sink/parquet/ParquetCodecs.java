package io.ddbsync.sink.parquet;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet compression without Hadoop: Parquet's default codec factory loads Hadoop's codec classes,
 * which the plugin does not ship. SNAPPY uses snappy-java and ZSTD zstd-jni, as Parquet's own
 * codecs do, so the files are standard.
 */
public final class ParquetCodecs implements CompressionCodecFactory {
  private static final int ZSTD_LEVEL = 3;

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput input) throws IOException {
        byte[] raw = input.toByteArray();
        return switch (codec) {
          case UNCOMPRESSED -> BytesInput.from(raw);
          case SNAPPY -> BytesInput.from(Snappy.compress(raw));
          case ZSTD -> BytesInput.from(Zstd.compress(raw, ZSTD_LEVEL));
          default -> throw new IOException("Unsupported Parquet codec " + codec);
        };
      }

      @Override
      public CompressionCodecName getCodecName() {
        return codec;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput input, int uncompressedSize) throws IOException {
        byte[] compressed = input.toByteArray();
        return switch (codec) {
          case UNCOMPRESSED -> BytesInput.from(compressed);
          case SNAPPY -> BytesInput.from(Snappy.uncompress(compressed));
          case ZSTD -> BytesInput.from(Zstd.decompress(compressed, uncompressedSize));
          default -> throw new IOException("Unsupported Parquet codec " + codec);
        };
      }

      @Override
      public void decompress(
          ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
          throws IOException {
        byte[] compressed = new byte[compressedSize];
        input.get(compressed);
        output.put(decompress(BytesInput.from(compressed), uncompressedSize).toByteArray());
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public void release() {}
}
