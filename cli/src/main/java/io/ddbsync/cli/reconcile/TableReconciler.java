package io.ddbsync.cli.reconcile;

import io.ddbsync.cli.reconcile.ExpectedRows.Expected;
import io.ddbsync.cli.reconcile.ExpectedRows.ExpectedItem;
import io.ddbsync.cli.reconcile.RowComparator.ActualRows;
import io.ddbsync.cli.reconcile.RowComparator.Difference;
import io.ddbsync.cli.report.TableReport;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.source.catalog.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reconciles one DynamoDB table: reads its items (a budgeted Scan of all or some segments),
 * computes the rows the sink would write for them, reads those rows back and compares them column
 * by column. Keys that differ are read again from both sides after a settle time before they are
 * reported, so that changes still on their way through Kafka are not reported as differences. In
 * FULL mode, live rows whose key no item has are extra.
 */
public final class TableReconciler {
  /** How one table is compared. */
  public record Settings(
      String mode,
      List<Integer> segments,
      int totalSegments,
      int pageSize,
      int parallelism,
      Duration settle,
      int examples) {
    public boolean full() {
      return segments.size() == totalSegments;
    }
  }

  /** Where the items come from. */
  public interface ItemSource {
    /** A budgeted scan of {@code segments} of {@code totalSegments}. */
    BudgetedScan scan(
        TableInfo table, List<Integer> segments, int totalSegments, int pageSize, int parallelism);

    /** The items with these keys, read consistently now; absent items left out. */
    List<Map<String, AttributeValue>> get(TableInfo table, List<Map<String, AttributeValue>> keys);

    /** The read capacity the {@link #get} calls consumed so far. */
    double getCapacity();
  }

  /**
   * An export's image instead of a Scan: its items, and the time they are an image of; rows changed
   * after it (their event time is later) are compared with the live item instead.
   */
  public record Image(ItemPages pages, Instant exportTime) {}

  /** Reports how far a table is. */
  public interface Progress {
    void advanced(String table, long items);
  }

  private static final String EVENT_TIME =
      io.ddbsync.sink.model.SystemColumns.fieldPath(io.ddbsync.sink.model.SystemColumns.EVENT_TIME);

  private final ExpectedRows expectedRows;
  private final WarehouseTables warehouse;
  private final ItemSource items;
  private final Settings settings;
  private final Progress progress;

  public TableReconciler(
      ExpectedRows expectedRows,
      WarehouseTables warehouse,
      ItemSource items,
      Settings settings,
      Progress progress) {
    this.expectedRows = expectedRows;
    this.warehouse = warehouse;
    this.items = items;
    this.settings = settings;
    this.progress = progress;
  }

  /** Compares the table and its rows. */
  public TableReport run(TableInfo info, TableEventModel model, String topic)
      throws SQLException, InterruptedException {
    return run(info, model, topic, null);
  }

  /**
   * Compares the table and its rows; with an {@code image}, its items stand for the table at its
   * export time (all of them: extra rows are sought as in a full comparison).
   */
  public TableReport run(TableInfo info, TableEventModel model, String topic, Image image)
      throws SQLException, InterruptedException {
    long started = System.nanoTime();
    Tally tally = new Tally(settings.examples());
    Set<String> seen = new HashSet<>();
    Map<String, Map<String, AttributeValue>> suspects = new LinkedHashMap<>();
    WarehouseTables.Resolved tables = null;
    double capacity;
    double getsBefore = items.getCapacity();
    try (Connection connection = warehouse.connect();
        ItemPages scan =
            image != null
                ? image.pages()
                : items.scan(
                    info,
                    settings.segments(),
                    settings.totalSegments(),
                    settings.pageSize(),
                    settings.parallelism())) {
      List<Map<String, AttributeValue>> page;
      long read = 0;
      while ((page = scan.next()) != null) {
        Expected expected = expectedRows.expect(model, topic, page, Instant.now());
        tables = warehouse.resolve(connection, info.name(), topic, expected.layout(), tables);
        Outcome outcome =
            compare(
                connection,
                info,
                tables,
                page,
                expected,
                image == null ? Long.MAX_VALUE : image.exportTime().toEpochMilli() * 1000);
        tally.changedSinceImage += outcome.changedSinceImage();
        for (int index : outcome.suspects()) {
          Map<String, AttributeValue> item = page.get(index);
          suspects.put(ItemKeys.keyOf(info, item), ItemKeys.keysOnly(info, item));
        }
        outcome.matched().forEach(seen::add);
        outcome.suspectKeys().forEach(seen::add);
        tally.matched += outcome.matched().size();
        tally.childRows += outcome.childRows();
        outcome.refused().forEach((key, reason) -> tally.refused(key, reason));
        read += page.size();
        tally.items = read;
        progress.advanced(info.name(), read);
      }
      capacity = scan.consumedCapacity();
      long rows = -1;
      if ((settings.full() || image != null) && tables != null && tables.parent() != null) {
        rows = tables.parent().liveRows(connection);
        Map<String, Map<String, AttributeValue>> extra = new LinkedHashMap<>();
        tables
            .parent()
            .eachLiveKeyValues(
                connection,
                (text, values) -> {
                  if (!seen.contains(text)) {
                    extra.put(text, ItemKeys.keyItem(info, values));
                  }
                });
        extra.forEach((text, key) -> suspects.put(text, key));
      }
      tally.rows = rows;
      if (!suspects.isEmpty()) {
        tally.rechecked = suspects.size();
        settle(connection, tables, Instant.now());
        tables = recheck(connection, info, model, topic, tables, suspects, tally);
      }
      if (tables != null && tables.parent() != null) {
        tally.appliedThrough =
            warehouse
                .appliedThrough(connection, tables.parent().name())
                .map(Instant::toString)
                .orElse(null);
      }
    }
    return tally.report(
        info.name(),
        tables == null || tables.parent() == null ? null : tables.parent().name(),
        settings,
        capacity + items.getCapacity() - getsBefore,
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * Waits before the second look: until the table's applied-through watermark passes {@code
   * firstLook} (every change made before the first look is then in the table), at most the settle
   * time; the whole settle time when the sink records no watermark.
   */
  private void settle(Connection connection, WarehouseTables.Resolved tables, Instant firstLook)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + settings.settle().toNanos();
    String target = tables == null || tables.parent() == null ? null : tables.parent().name();
    while (System.nanoTime() < deadline) {
      java.util.Optional<Instant> through = warehouse.appliedThrough(connection, target);
      if (through.isPresent() && !through.get().isBefore(firstLook)) {
        return;
      }
      Thread.sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
    }
  }

  /** The second look at suspect keys: both sides read again, now. */
  private WarehouseTables.Resolved recheck(
      Connection connection,
      TableInfo info,
      TableEventModel model,
      String topic,
      WarehouseTables.Resolved tables,
      Map<String, Map<String, AttributeValue>> suspects,
      Tally tally)
      throws SQLException {
    List<Map<String, AttributeValue>> keys = new ArrayList<>(suspects.values());
    for (int from = 0; from < keys.size(); from += 100) {
      List<Map<String, AttributeValue>> chunk =
          keys.subList(from, Math.min(keys.size(), from + 100));
      List<Map<String, AttributeValue>> present = items.get(info, chunk);
      Set<String> presentKeys = new HashSet<>();
      present.forEach(item -> presentKeys.add(ItemKeys.keyOf(info, item)));
      if (!present.isEmpty()) {
        Expected expected = expectedRows.expect(model, topic, present, Instant.now());
        tables = warehouse.resolve(connection, info.name(), topic, expected.layout(), tables);
        Outcome outcome = compare(connection, info, tables, present, expected, Long.MAX_VALUE);
        tally.matched += outcome.matched().size();
        tally.childRows += outcome.childRows();
        outcome.refused().forEach(tally::refused);
        outcome.missing().forEach(key -> tally.add("missing", key, List.of()));
        outcome
            .different()
            .forEach(
                (key, differences) -> {
                  tally.add(
                      "different",
                      key,
                      differences.stream()
                          .map(
                              d ->
                                  d.table()
                                      + "."
                                      + d.column()
                                      + ": expected "
                                      + d.expected()
                                      + ", found "
                                      + d.actual())
                          .toList());
                  for (Difference d : differences) {
                    tally.columns.merge(
                        d.table().replaceAll("\\[.*", "") + "." + d.column(), 1L, Long::sum);
                  }
                });
      }
      // Items gone from DynamoDB: their rows must be gone (or flagged) too.
      List<Map<String, AttributeValue>> absent = new ArrayList<>();
      for (Map<String, AttributeValue> key : chunk) {
        if (!presentKeys.contains(ItemKeys.keyOf(info, key))) {
          absent.add(key);
        }
      }
      if (!absent.isEmpty() && tables != null && tables.parent() != null) {
        Expected keysOnly = expectedRows.expect(model, topic, absent, Instant.now());
        List<List<Object>> stagedKeys = new ArrayList<>();
        for (ExpectedItem item : keysOnly.items()) {
          stagedKeys.add(tables.stagedKey(item));
        }
        for (Map<String, Object> row : tables.parent().rowsOf(connection, stagedKeys)) {
          if (!row.containsKey(WarehouseTable.DELETED)) {
            tally.add("extra", ItemKeys.display(tables, row), List.of());
          }
        }
      }
    }
    return tables;
  }

  /** What one chunk of items showed: keys that matched, suspects (by index), refused ones. */
  private record Outcome(
      List<String> matched,
      List<Integer> suspects,
      List<String> suspectKeys,
      List<String> missing,
      Map<String, List<Difference>> different,
      Map<String, String> refused,
      long childRows,
      long changedSinceImage) {}

  private Outcome compare(
      Connection connection,
      TableInfo info,
      WarehouseTables.Resolved tables,
      List<Map<String, AttributeValue>> page,
      Expected expected,
      long imageMicros)
      throws SQLException {
    List<String> matched = new ArrayList<>();
    List<Integer> suspects = new ArrayList<>();
    List<String> suspectKeys = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Map<String, List<Difference>> different = new LinkedHashMap<>();
    Map<String, String> refused = new LinkedHashMap<>();
    for (ExpectedItem.Refused item : expected.refused()) {
      refused.put(ItemKeys.displayItem(info, page.get(item.index())), item.reason());
    }
    if (expected.layout() == null) {
      return new Outcome(matched, suspects, suspectKeys, missing, different, refused, 0, 0);
    }
    Map<String, ActualRows> actual =
        tables == null || tables.parent() == null
            ? Map.of()
            : tables.read(connection, expected.items());
    long childRows = 0;
    long changedSinceImage = 0;
    for (ExpectedItem item : expected.items()) {
      String key = tables == null ? null : tables.keyText(item);
      String shown = ItemKeys.displayItem(info, page.get(item.index()));
      ActualRows rows = key == null ? null : actual.get(key);
      if (rows == null
          || rows.parent() == null
          || rows.parent().containsKey(WarehouseTable.DELETED)) {
        suspects.add(item.index());
        suspectKeys.add(key);
        missing.add(shown);
        continue;
      }
      Object written = rows.parent().get(EVENT_TIME);
      if (written instanceof Long micros && micros > imageMicros) {
        // Changed after the export's time: compared with the live item on the second look.
        changedSinceImage++;
        suspects.add(item.index());
        suspectKeys.add(key);
        continue;
      }
      for (List<ExpectedRows.ChildRow> list : item.children().values()) {
        childRows += list.size();
      }
      List<Difference> differences = tables.comparator().compare(item, rows);
      if (differences.isEmpty()) {
        matched.add(key);
      } else {
        suspects.add(item.index());
        suspectKeys.add(key);
        different.put(shown, differences);
      }
    }
    return new Outcome(
        matched, suspects, suspectKeys, missing, different, refused, childRows, changedSinceImage);
  }
}
