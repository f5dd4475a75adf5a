package io.ddbsync.common.event;

/** What happened to an item. Values are written into the envelope's {@code op} field. */
public enum Operation {
  /** The item as the snapshot read it. */
  READ,
  /** A new item (stream event INSERT). */
  INSERT,
  /** A changed item (stream event MODIFY). */
  MODIFY,
  /** A deleted item (stream event REMOVE), including deletions by TTL expiry. */
  REMOVE,
  /**
   * Not a change: every row of the snapshot that started at {@code source.snapshot_start} is in the
   * topic before this record, and streaming follows. Items whose last record derives from an older
   * snapshot (or from none) were not seen by it: they no longer exist. The record has no key.
   */
  SNAPSHOT_COMPLETE;

  /**
   * The operation an envelope's {@code op} names: ours ({@code READ}, {@code INSERT}, ...) or
   * Debezium's code for it ({@code r}, {@code c}, {@code u}, {@code d}); null for anything else.
   */
  public static Operation fromOp(String op) {
    if (op == null) {
      return null;
    }
    return switch (op) {
      case "r" -> READ;
      case "c" -> INSERT;
      case "u" -> MODIFY;
      case "d" -> REMOVE;
      default -> {
        try {
          yield valueOf(op);
        } catch (IllegalArgumentException notAnOperation) {
          yield null;
        }
      }
    };
  }
}
