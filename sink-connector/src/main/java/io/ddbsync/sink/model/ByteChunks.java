package io.ddbsync.sink.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes appended into a few large arrays, each value addressed by one {@code long} (its chunk and
 * offset): what keeps many small values without an object each. Chunks grow from 8 KB, doubling, to
 * 1 MB (a few short values take little; a full one is never copied when the next is added); a value
 * longer than a chunk gets one of its own. Appending is for one thread; once filled, reading is
 * safe from any number.
 */
public final class ByteChunks {
  private static final int FIRST_CHUNK_BYTES = 1 << 13;
  private static final int CHUNK_BYTES = 1 << 20;

  private final List<byte[]> chunks = new ArrayList<>();
  private byte[] chunk = new byte[0];
  private int chunkUsed;
  private long usedBytes;

  /** Appends {@code length} bytes of {@code bytes} from {@code from}; returns their address. */
  public long append(byte[] bytes, int from, int length) {
    if (chunks.isEmpty() || length > chunk.length - chunkUsed) {
      int next = Math.min(CHUNK_BYTES, Math.max(FIRST_CHUNK_BYTES, chunk.length * 2));
      chunk = new byte[Math.max(next, length)];
      chunks.add(chunk);
      chunkUsed = 0;
    }
    System.arraycopy(bytes, from, chunk, chunkUsed, length);
    return advance(length);
  }

  /**
   * Appends {@code text} as its UTF-8 bytes if every character is ASCII and it fits the current
   * chunk, without an array of its own; returns its address, or -1 when it did not (then nothing
   * was appended).
   */
  public long appendAscii(String text) {
    int length = text.length();
    if (chunks.isEmpty() || length > chunk.length - chunkUsed) {
      return -1;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return -1;
      }
      chunk[chunkUsed + i] = (byte) c;
    }
    return advance(length);
  }

  private long advance(int length) {
    long address = ((long) (chunks.size() - 1) << 32) | chunkUsed;
    chunkUsed += length;
    usedBytes += length;
    return address;
  }

  /** The array holding the value at {@code address}. */
  public byte[] chunk(long address) {
    return chunks.get((int) (address >>> 32));
  }

  /** Where the value at {@code address} starts in its {@link #chunk}. */
  public static int offset(long address) {
    return (int) address;
  }

  /** The bytes of every value appended. */
  public long usedBytes() {
    return usedBytes;
  }
}
