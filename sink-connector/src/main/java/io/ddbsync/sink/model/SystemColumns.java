package io.ddbsync.sink.model;

import java.util.Collection;
import java.util.Optional;

/**
 * The connector's own columns: their usual names, and how to find them in a table. A system column
 * is found by the field it holds ({@code "_" + name}, recorded in its comment), never by its name:
 * an item attribute may be called {@code _ddbsync_snapshot_start} and take that name first, the
 * connector's column then getting another.
 */
public final class SystemColumns {
  private SystemColumns() {}

  /** When the change that wrote the row happened (removals: when the item was removed). */
  public static final String EVENT_TIME = "_ddbsync_event_time";

  /** Whether the item is removed (delete.mode=SOFT, ttl.removals=SOFT). */
  public static final String DELETED = "_ddbsync_deleted";

  /** When the item was removed. */
  public static final String DELETED_AT = "_ddbsync_deleted_at";

  /** Whether a value of the row was cut to fit (a truncating overflow policy). */
  public static final String TRUNCATED = "_ddbsync_truncated";

  /** Whether a removal was DynamoDB's TTL expiry (ttl.removals=SOFT). */
  public static final String EXPIRED = "_ddbsync_expired";

  /** The snapshot generation of the change that wrote the row. */
  public static final String SNAPSHOT_START = "_ddbsync_snapshot_start";

  /** A child row's position in its list (suffix of the enclosing lists' positions). */
  public static final String POSITION = "_position";

  /** The column of a list of scalars' element. */
  public static final String ELEMENT = "value";

  /** A column as far as finding system columns goes: its name and the field it holds. */
  public interface Named {
    String name();

    /** The change-event field the column holds; null for a column the connector did not make. */
    String fieldPath();
  }

  /** The field path a system column records: its usual name after an underscore. */
  public static String fieldPath(String systemColumn) {
    return "_" + systemColumn;
  }

  /** The name of the column holding system column {@code systemColumn}, among {@code columns}. */
  public static Optional<String> nameOf(Collection<? extends Named> columns, String systemColumn) {
    return nameHolding(columns, fieldPath(systemColumn));
  }

  /** The name of the column holding field {@code path}, among {@code columns}. */
  public static Optional<String> nameHolding(Collection<? extends Named> columns, String path) {
    return columns.stream()
        .filter(column -> path.equals(column.fieldPath()))
        .map(Named::name)
        .findFirst();
  }

  /** Whether a table keeps removed rows, flagged (it has both removal columns). */
  public static boolean keepsRemovedRows(Collection<? extends Named> columns) {
    return nameOf(columns, DELETED).isPresent() && nameOf(columns, DELETED_AT).isPresent();
  }
}
