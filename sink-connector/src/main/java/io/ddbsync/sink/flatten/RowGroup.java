package io.ddbsync.sink.flatten;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Rows of one kind for one table (a batch's upserts, removed keys, one child table's rows) and the
 * record each row came from, row by row: a value that cannot be appended to once built, whose two
 * lists always agree.
 */
public record RowGroup(List<Object[]> rows, List<SinkRecord> records) {
  public static final RowGroup EMPTY = new RowGroup(List.of(), List.of());

  public RowGroup {
    if (rows.size() != records.size()) {
      throw new IllegalArgumentException(
          rows.size() + " rows and " + records.size() + " records do not agree");
    }
    rows = Collections.unmodifiableList(new ArrayList<>(rows));
    records = List.copyOf(records);
  }

  public int size() {
    return rows.size();
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Fills a group row by row; {@link #build()} freezes it. */
  static final class Builder {
    private final List<Object[]> rows = new ArrayList<>();
    private final List<SinkRecord> records = new ArrayList<>();

    void add(Object[] row, SinkRecord record) {
      rows.add(row);
      records.add(record);
    }

    RowGroup build() {
      return rows.isEmpty() ? EMPTY : new RowGroup(rows, records);
    }
  }
}
