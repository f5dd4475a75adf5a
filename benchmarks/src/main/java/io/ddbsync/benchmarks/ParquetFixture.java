package io.ddbsync.benchmarks;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.EncodedEvent;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.SourceInfo;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.sink.db.PostgresDialect;
import io.ddbsync.sink.flatten.ChangeRow;
import io.ddbsync.sink.flatten.FlattenSettings;
import io.ddbsync.sink.flatten.LayoutBuilder;
import io.ddbsync.sink.flatten.RowBuilder;
import io.ddbsync.sink.flatten.TableLayout;
import io.ddbsync.sink.load.ColumnMapper;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.TableNaming;
import io.ddbsync.sink.parquet.InMemoryFiles;
import io.ddbsync.sink.parquet.ParquetRows;
import io.ddbsync.sink.settings.SinkEnums;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The same batch of Connect records (20,000 order change events, all with the table's final schema)
 * turned into Parquet bytes two ways: the sink's path (flatten into typed rows, our WriteSupport,
 * no Hadoop) and the path Confluent's S3 sink takes (Connect record to Avro GenericRecord with
 * AvroData, then AvroParquetWriter), both SNAPPY.
 */
public final class ParquetFixture {
  static final int RECORDS = 20_000;

  private List<SinkRecord> records;
  private List<ChangeRow> changes;
  private TableLayout layout;
  private Schema valueSchema;
  private AvroData avroData;
  private org.apache.avro.Schema avroSchema;

  public ParquetFixture() {
    TableEventModel model = RealisticItems.ordersModel();
    List<EncodedEvent> events = new ArrayList<>();
    for (var item : RealisticItems.generate(RECORDS, 7)) {
      events.add(
          model.encode(
              new ChangeEvent(
                  Operation.READ,
                  Map.of("OrderId", item.get("OrderId")),
                  item,
                  null,
                  SourceInfo.snapshot("Orders", 0, Instant.now()))));
    }
    // Every record with the final schema, as in a batch after the schema settled.
    Schema keySchema = model.keySchema();
    valueSchema = model.valueSchema();
    records = new ArrayList<>(RECORDS);
    changes = new ArrayList<>(RECORDS);
    for (int i = 0; i < events.size(); i++) {
      Struct value = rebuild(events.get(i).value(), valueSchema);
      SinkRecord record =
          new SinkRecord(
              "dynamodb.Orders", 0, keySchema, events.get(i).key(), valueSchema, value, i);
      records.add(record);
      changes.add(
          new ChangeRow(false, events.get(i).key(), value.getStruct("after"), 1_000L, record));
    }
    TableNaming naming =
        new TableNaming("${table}", "${parent_singular}_${attribute}", Map.of(), Map.of());
    FlattenSettings settings =
        new FlattenSettings(
            naming,
            3,
            SinkEnums.ListsMode.SUPER,
            List.of("Orders.OrderDate"),
            SinkEnums.OverflowPolicy.DLQ,
            SinkEnums.DeleteMode.HARD);
    layout =
        new LayoutBuilder(settings)
            .build("Orders", "dynamodb.Orders", keySchema, valueSchema.field("after").schema());
    avroData = new AvroData(100);
    avroSchema = avroData.fromConnectSchema(valueSchema);
  }

  /** One staged table of the batch: its columns and its rows, as the stager writes them. */
  public record StagedTable(List<Column> columns, List<Object[]> rows) {}

  /** The batch's item table and child table, as the sink stages them. */
  public List<StagedTable> stagedTables() {
    RowBuilder.Rows rows =
        new RowBuilder(layout, SinkEnums.OverflowPolicy.DLQ, PostgresDialect.LIMITS).build(changes);
    List<Column> parent =
        ColumnMapper.map(
                "orders", layout.columns(), rows.widths(), List.of(), PostgresDialect.LIMITS)
            .columns();
    TableLayout.ChildLayout items = layout.children().get(0);
    List<Column> keys =
        layout.keyColumns().stream()
            .map(k -> new Column(k.desiredName(), k.type(), k.fieldPath()))
            .toList();
    List<io.ddbsync.sink.flatten.ColumnPlan> childPlans = layout.childColumns(items, keys);
    List<Column> child =
        ColumnMapper.map(
                "order_items",
                childPlans,
                rows.childWidths().get(items.name()),
                List.of(),
                PostgresDialect.LIMITS)
            .columns();
    return List.of(
        new StagedTable(parent, rows.upserts().rows()),
        new StagedTable(child, rows.child(items.name()).rows()));
  }

  /** The sink's path: typed, flattened rows, a parent file and a child file per batch. */
  public long ours() {
    long bytes = 0;
    for (StagedTable table : stagedTables()) {
      bytes += ParquetRows.write(table.columns(), table.rows(), CompressionCodecName.SNAPPY).length;
    }
    return bytes;
  }

  /** Breakdown: the flattening step of the sink's path alone. */
  public int flattenOnly() {
    return new RowBuilder(layout, SinkEnums.OverflowPolicy.DLQ, PostgresDialect.LIMITS)
        .build(changes)
        .upserts()
        .rows()
        .size();
  }

  /** Breakdown: the AvroData conversion step of the baseline path alone. */
  public int avroConversionOnly() {
    int fields = 0;
    for (SinkRecord record : records) {
      fields +=
          ((GenericRecord) avroData.fromConnectData(record.valueSchema(), record.value()))
              .getSchema()
              .getFields()
              .size();
    }
    return fields;
  }

  /** Confluent's S3 sink path: the envelope as Avro GenericRecords into AvroParquetWriter. */
  public long confluentPath() throws IOException {
    InMemoryFiles.Output output = new InMemoryFiles.Output();
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(output)
            .withSchema(avroSchema)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withConf(new org.apache.hadoop.conf.Configuration())
            .withWriteMode(org.apache.parquet.hadoop.ParquetFileWriter.Mode.OVERWRITE)
            .build()) {
      for (SinkRecord record : records) {
        writer.write(
            (GenericRecord) avroData.fromConnectData(record.valueSchema(), record.value()));
      }
    }
    return output.toByteArray().length;
  }

  /** A struct copied onto the final (superset) schema; fields absent in the old one stay null. */
  private static Struct rebuild(Struct value, Schema schema) {
    Struct copy = new Struct(schema);
    for (org.apache.kafka.connect.data.Field field : schema.fields()) {
      Object old = value.schema().field(field.name()) == null ? null : value.get(field.name());
      if (old instanceof Struct struct && field.schema().type() == Schema.Type.STRUCT) {
        copy.put(field, rebuild(struct, field.schema()));
      } else if (old != null) {
        copy.put(field, old);
      }
    }
    return copy;
  }
}
