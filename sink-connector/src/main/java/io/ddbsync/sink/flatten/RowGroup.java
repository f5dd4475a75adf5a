package io.ddbsync.sink.flatten;

import io.ddbsync.sink.model.ColumnVectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Rows of one kind for one table (a batch's upserts, removed keys, one child table's rows) and the
 * record each row came from, row by row: a value that cannot be appended to once built, whose two
 * lists always agree. The rows are kept column by column ({@link ColumnVectors}): they stay alive
 * until the batch's load commits, and as arrays of objects they were most of what garbage
 * collection copied.
 */
public record RowGroup(List<Object[]> rows, List<SinkRecord> records) {
  public static final RowGroup EMPTY = new RowGroup(List.of(), List.of());

  public RowGroup {
    if (rows.size() != records.size()) {
      throw new IllegalArgumentException(
          rows.size() + " rows and " + records.size() + " records do not agree");
    }
    if (!(rows instanceof ColumnVectors.Rows)) {
      rows = rows.isEmpty() ? List.of() : ColumnVectors.of(rows.get(0).length, rows).rows();
    }
    records = List.copyOf(records);
  }

  public int size() {
    return rows.size();
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** One value, without reading the rest of its row. */
  public Object value(int row, int column) {
    return ColumnVectors.valueAt(rows, row, column);
  }

  /**
   * The longest text value of the column in UTF-8 bytes, and with {@code bytesToo} the longest
   * {@code byte[]} value too; 0 when it has none.
   */
  int maxBytes(int column, boolean bytesToo) {
    if (rows instanceof ColumnVectors.Rows stored
        && stored.first() == 0
        && stored.size() == stored.vectors().size()) {
      ColumnVectors vectors = stored.vectors();
      if (vectors.holdsText(column) || (bytesToo && vectors.holdsBytes(column))) {
        return vectors.maxBytes(column);
      }
      if (!vectors.holdsObjects(column)) {
        return 0;
      }
    }
    int widest = 0;
    for (int r = 0; r < rows.size(); r++) {
      Object value = value(r, column);
      if (value instanceof String text) {
        widest = Math.max(widest, ValueConverter.utf8Length(text));
      } else if (bytesToo && value instanceof byte[] bytes) {
        widest = Math.max(widest, bytes.length);
      }
    }
    return widest;
  }

  /** The rows whose index {@code keep} holds, in that order. */
  RowGroup select(int[] keep) {
    if (keep.length == 0) {
      return EMPTY;
    }
    List<SinkRecord> kept = new ArrayList<>(keep.length);
    for (int row : keep) {
      kept.add(records.get(row));
    }
    ColumnVectors.Rows all = (ColumnVectors.Rows) rows;
    int[] indexes = keep.clone();
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] += all.first();
    }
    return new RowGroup(all.vectors().select(indexes).rows(), kept);
  }

  /** Fills a group row by row, each row stored as it is added; {@link #build()} freezes it. */
  static final class Builder {
    private ColumnVectors vectors;
    private final List<SinkRecord> records = new ArrayList<>();
    private final int expectedRows;

    Builder() {
      this(16);
    }

    /** A builder for about {@code expectedRows} rows (more may be added). */
    Builder(int expectedRows) {
      this.expectedRows = expectedRows;
    }

    void add(Object[] row, SinkRecord record) {
      if (vectors == null) {
        vectors = new ColumnVectors(row.length, expectedRows);
      }
      vectors.append(row);
      records.add(record);
    }

    RowGroup build() {
      return vectors == null ? EMPTY : new RowGroup(vectors.rows(), records);
    }
  }
}
