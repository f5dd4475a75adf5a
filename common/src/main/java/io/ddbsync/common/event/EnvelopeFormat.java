package io.ddbsync.common.event;

/**
 * How the envelope around item images is written. Both carry the same images and the same
 * DynamoDB-specific {@code source} fields, and the ddbsync sink reads both.
 */
public enum EnvelopeFormat {
  /**
   * Ours: {@code op} spells the operation ({@code READ}, {@code INSERT}, {@code MODIFY}, {@code
   * REMOVE}), {@code source.snapshot} is a boolean, and the topic carries SNAPSHOT_COMPLETE and
   * heartbeat records.
   */
  DDBSYNC,
  /**
   * Debezium's: {@code op} is Debezium's code ({@code r}, {@code c}, {@code u}, {@code d}), and
   * {@code source} starts with Debezium's common fields ({@code version}, {@code connector}, {@code
   * name}, {@code ts_ms}, {@code snapshot} as the string {@code "true"} or {@code "false"}, {@code
   * db}, {@code sequence}), so that Debezium's consumers (its JDBC sink, {@code
   * ExtractNewRecordState}, Flink's debezium formats) read the topic unchanged. The topic carries
   * no record without a key: Debezium's JDBC sink takes one for a delete and fails on it.
   */
  DEBEZIUM;

  /** What the envelope's {@code op} says for {@code operation}. */
  public String op(Operation operation) {
    if (this == DDBSYNC) {
      return operation.name();
    }
    return switch (operation) {
      case READ -> "r";
      case INSERT -> "c";
      case MODIFY -> "u";
      case REMOVE -> "d";
      // Never written in this format (see above); named as ours if it were.
      case SNAPSHOT_COMPLETE -> operation.name();
    };
  }
}
