package io.ddbsync.sink.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.testing.ItemArbitraries;
import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.fixtures.Batches;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.flatten.RowGroup;
import io.ddbsync.sink.flatten.TableLayout;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.parquet.ParquetRows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The PostgreSQL dialect COPYs a batch's rows as they are in memory instead of reading its staged
 * Parquet file back: for random items, on the item table and every child table, into staging tables
 * and into target tables, the binary COPY it sends is byte for byte the one the Parquet round trip
 * gave.
 */
class InMemoryCopyProperties {
  @Property(tries = 150)
  void rowsFromMemoryEncodeExactlyAsRowsReadBackFromTheStagedFile(
      @ForAll("items") List<Map<String, AttributeValue>> items) {
    SinkEvents events = SinkEvents.orders();
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, AttributeValue> item = new LinkedHashMap<>(items.get(i));
      item.put("OrderId", AttributeValue.fromS("o-" + i));
      records.add(events.upsert(item, 0, i));
    }
    Batch batch = Batches.of(records.toArray(SinkRecord[]::new));
    TableLayout layout = batch.layout();
    assertSameCopy(columns(layout.columns()), batch.rows().upserts());
    List<Column> parentKeys =
        layout.keyColumns().stream()
            .map(k -> new Column(k.desiredName(), k.type(), k.fieldPath()))
            .toList();
    for (TableLayout.ChildLayout child : layout.children()) {
      assertSameCopy(
          columns(layout.childColumns(child, parentKeys)), batch.rows().child(child.name()));
    }
  }

  private static void assertSameCopy(List<Column> columns, RowGroup rows) {
    if (rows.isEmpty()) {
      return;
    }
    byte[] file = ParquetRows.write(columns, rows.rows(), CompressionCodecName.SNAPPY);
    List<Object[]> readBack = new ArrayList<>();
    ParquetRows.readTextAsUtf8(file, readBack::add);
    assertThat(readBack).hasSameSizeAs(rows.rows());
    for (PgBinaryCopy encoder :
        List.of(
            new PgBinaryCopy(columns.stream().map(Column::type).toList()),
            PgBinaryCopy.forTargetColumns(columns))) {
      for (int r = 0; r < readBack.size(); r++) {
        byte[] fromFile = encoder.row(readBack.get(r));
        byte[] fromMemory = encoder.row(rows.rows().get(r));
        assertThat(fromMemory).as("row %d", r).isEqualTo(fromFile);
      }
    }
  }

  /** The layout's columns as a table of them (names made unique for the Parquet schema). */
  private static List<Column> columns(List<ColumnPlan> plans) {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      ColumnPlan plan = plans.get(i);
      columns.add(new Column("c" + i, plan.type(), plan.fieldPath()));
    }
    return columns;
  }

  @Provide
  Arbitrary<List<Map<String, AttributeValue>>> items() {
    return ItemArbitraries.items(3).list().ofMinSize(1).ofMaxSize(12);
  }
}
