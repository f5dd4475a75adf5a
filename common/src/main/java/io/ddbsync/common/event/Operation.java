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
  REMOVE
}
