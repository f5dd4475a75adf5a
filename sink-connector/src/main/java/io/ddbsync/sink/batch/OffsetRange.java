package io.ddbsync.sink.batch;

/** The first and last Kafka offset of one partition's records in a buffer or batch. */
public record OffsetRange(long first, long last) {
  public OffsetRange {
    if (last < first) {
      throw new IllegalArgumentException(
          "An offset range ends before it starts: " + first + "-" + last);
    }
  }

  public static OffsetRange of(long offset) {
    return new OffsetRange(offset, offset);
  }

  /** This range grown to include {@code offset}. */
  public OffsetRange including(long offset) {
    return offset >= first && offset <= last
        ? this
        : new OffsetRange(Math.min(first, offset), Math.max(last, offset));
  }
}
