package io.ddbsync.sink.settings;

/** The choices the sink's settings offer. */
public final class SinkEnums {
  private SinkEnums() {}

  /** The warehouse the sink writes to. */
  public enum DialectName {
    /** Amazon Redshift: COPY from the staged Parquet on S3, MERGE, SUPER, VARBYTE. */
    REDSHIFT,
    /** PostgreSQL: the staged Parquet loaded with COPY FROM STDIN, MERGE, JSONB, BYTEA. */
    POSTGRES
  }

  /** What a remove does to the target row. */
  public enum DeleteMode {
    HARD,
    SOFT
  }

  /** What the removal of an item by its time to live (a TTL deletion) does to its row. */
  public enum TtlRemovals {
    /** The row goes as for any other removal, as delete.mode says. */
    DELETE,
    /** The row stays, flagged deleted and expired, with the removal time. */
    SOFT,
    /** The row stays as it was: the removal is not applied. */
    KEEP
  }

  /** Where scalar lists and sets go. */
  public enum ListsMode {
    /** One SUPER (JSONB) column holding the list as JSON. */
    SUPER,
    /** A child table with the parent key, the position and the value. */
    CHILD_TABLE
  }

  /** What happens to a string longer than Redshift's 65535-byte VARCHAR. */
  public enum OverflowPolicy {
    /** The record goes to the dead letter queue with the reason. */
    DLQ,
    /** The value is cut to 65535 bytes (on a character boundary) and the row flagged. */
    TRUNCATE,
    /** The value goes, whole, to a SUPER companion column {@code <column>__overflow}. */
    SUPER
  }
}
