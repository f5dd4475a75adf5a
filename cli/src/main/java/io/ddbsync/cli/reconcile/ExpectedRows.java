package io.ddbsync.cli.reconcile;

import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.EncodedEvent;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.SourceInfo;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.batch.BatchBuilder;
import io.ddbsync.sink.batch.EventRouter;
import io.ddbsync.sink.batch.TableBuffer;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.flatten.FlattenSettings;
import io.ddbsync.sink.flatten.RowGroup;
import io.ddbsync.sink.flatten.TableLayout;
import io.ddbsync.sink.model.TableNaming;
import io.ddbsync.sink.model.TypeLimits;
import io.ddbsync.sink.settings.SinkEnums.TtlRemovals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the sink would write for DynamoDB items, computed by the sink's own code: each item becomes
 * the READ event the source would emit (encoded with the source's schema history, so type-conflict
 * fields get the names they have in the topic), then a record the sink batches and flattens with
 * its configured naming, flattening, list, timestamp and overflow settings. No I/O.
 */
public final class ExpectedRows {
  private final TableNaming naming;
  private final TtlRemovals ttlRemovals;
  private final FlattenSettings flatten;
  private final TypeLimits limits;

  public ExpectedRows(
      TableNaming naming, TtlRemovals ttlRemovals, FlattenSettings flatten, TypeLimits limits) {
    this.naming = naming;
    this.ttlRemovals = ttlRemovals;
    this.flatten = flatten;
    this.limits = limits;
  }

  /**
   * The rows of {@code items} of one DynamoDB table.
   *
   * @param topic the topic the source writes the table's changes to (the sink names tables from it)
   */
  public Expected expect(
      TableEventModel model, String topic, List<Map<String, AttributeValue>> items, Instant now) {
    BatchBuilder builder = new BatchBuilder(new EventRouter(naming, ttlRemovals), flatten, limits);
    List<ExpectedItem.Refused> refused = new ArrayList<>();
    String target = null;
    for (int i = 0; i < items.size(); i++) {
      Map<String, AttributeValue> item = items.get(i);
      Map<String, AttributeValue> keys = new HashMap<>();
      for (String name : model.keyEncoder().attributeNames()) {
        keys.put(name, item.get(name));
      }
      EncodedEvent encoded =
          model.encode(
              new ChangeEvent(
                  Operation.READ, keys, item, null, SourceInfo.snapshot(model.table(), 0, now)));
      SinkRecord record =
          new SinkRecord(
              topic,
              0,
              encoded.keySchema(),
              encoded.key(),
              encoded.valueSchema(),
              encoded.value(),
              i);
      EventRouter.Route route = builder.add(record, now.toEpochMilli());
      if (route instanceof EventRouter.Buffer buffer) {
        target = buffer.table();
      } else if (route instanceof EventRouter.Refuse refuse) {
        refused.add(new ExpectedItem.Refused(i, refuse.reason()));
      } else if (route instanceof EventRouter.Collide collide) {
        refused.add(new ExpectedItem.Refused(i, collide.reason()));
      }
    }
    if (target == null) {
      return new Expected(null, List.of(), refused);
    }
    TableBuffer buffer = builder.take(target);
    BatchBuilder.Built built = builder.build(buffer);
    for (BatchBuilder.Rejected rejected : built.rejected()) {
      refused.add(
          new ExpectedItem.Refused((int) rejected.record().kafkaOffset(), rejected.reason()));
    }
    return new Expected(built.batch().layout(), rowsByItem(built.batch()), refused);
  }

  /** One item's parent row and child rows, values by field path. */
  private static List<ExpectedItem> rowsByItem(Batch batch) {
    TableLayout layout = batch.layout();
    Map<Long, ExpectedItem> byOffset = new LinkedHashMap<>();
    RowGroup upserts = batch.rows().upserts();
    for (int r = 0; r < upserts.size(); r++) {
      Map<String, Object> values = new LinkedHashMap<>();
      List<ColumnPlan> columns = layout.columns();
      Object[] row = upserts.rows().get(r);
      for (int c = 0; c < columns.size(); c++) {
        values.put(columns.get(c).fieldPath(), row[c]);
      }
      long offset = upserts.records().get(r).kafkaOffset();
      byOffset.put(offset, new ExpectedItem((int) offset, values, new LinkedHashMap<>()));
    }
    int keys = layout.keyColumns().size();
    for (TableLayout.ChildLayout child : layout.children()) {
      RowGroup group = batch.rows().child(child.name());
      int leading = child.leadingColumns(keys);
      List<ColumnPlan> elements = child.elementColumns();
      for (int r = 0; r < group.size(); r++) {
        Object[] row = group.rows().get(r);
        ExpectedItem item = byOffset.get(group.records().get(r).kafkaOffset());
        if (item == null) {
          continue; // the item itself was refused; its child rows go with it
        }
        List<Integer> positions = new ArrayList<>();
        for (int p = keys; p < leading; p++) {
          positions.add(((Number) row[p]).intValue());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int c = 0; c < elements.size(); c++) {
          values.put(elements.get(c).fieldPath(), row[leading + c]);
        }
        item.children()
            .computeIfAbsent(child.fieldPath(), k -> new ArrayList<>())
            .add(new ChildRow(positions, values));
      }
    }
    return new ArrayList<>(byOffset.values());
  }

  /**
   * The expected rows of a list of items.
   *
   * @param layout the target table's layout, null when no item routes to a table
   * @param items the items' rows, by their index in the list
   * @param refused the items the sink refuses (to its dead letter queue), with the reason
   */
  public record Expected(
      TableLayout layout, List<ExpectedItem> items, List<ExpectedItem.Refused> refused) {}

  /** One row of a child table: the positions (enclosing lists', then its own), and its values. */
  public record ChildRow(List<Integer> positions, Map<String, Object> values) {
    public ChildRow {
      positions = List.copyOf(positions);
    }
  }

  /**
   * One item's rows.
   *
   * @param index the item's index in the list given
   * @param values the parent row by column field path
   * @param children each child table's rows, by the child layout's field path
   */
  public record ExpectedItem(
      int index, Map<String, Object> values, Map<String, List<ChildRow>> children) {
    /** An item the sink would refuse, and why. */
    public record Refused(int index, String reason) {}
  }
}
