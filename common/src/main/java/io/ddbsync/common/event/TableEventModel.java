package io.ddbsync.common.event;

import io.ddbsync.common.model.Assignment;
import io.ddbsync.common.model.AssignmentFinder;
import io.ddbsync.common.model.ItemEncoder;
import io.ddbsync.common.model.ItemSchemaFactory;
import io.ddbsync.common.model.KindRules;
import io.ddbsync.common.model.SchemaHistory;
import io.ddbsync.common.model.StructPlan;
import io.ddbsync.common.model.StructSlots;
import io.ddbsync.common.model.TableLineage;
import io.ddbsync.common.model.UnassignedFieldException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Everything one table needs to turn change events into records: the key encoder, the lineage of
 * its item schema and the schemas derived from it. Not thread-safe; each task keeps its own.
 *
 * <p>When an item needs a field the schema lacks, the model records the missing assignments in the
 * shared schema history, applies the history (which may contain other tasks' assignments too) in
 * its order, rebuilds the schemas and encodes again. The schema history decides names; this object
 * only follows it.
 */
public final class TableEventModel {
  private final String table;
  private final ModelSettings settings;
  private final SchemaHistory history;
  private final KeyEncoder keyEncoder;
  private final KindRules rules;
  private final ItemEncoder itemEncoder;
  private final AssignmentFinder finder;
  private final Schema sourceSchema;
  private final Clock clock;
  private final TableLineage lineage = new TableLineage();

  private StructPlan itemPlan;
  private Schema valueSchema;
  private long refreshIntervalMillis;
  private long lastRefreshMillis;

  public TableEventModel(
      String table,
      List<KeyAttribute> keyAttributes,
      ModelSettings settings,
      SchemaHistory history,
      Clock clock) {
    this.table = table;
    this.settings = settings;
    this.history = history;
    this.clock = clock;
    this.keyEncoder =
        new KeyEncoder(
            settings.namespace(),
            table,
            keyAttributes,
            settings.keyNumberMapping(),
            settings.decimalScale());
    this.rules = new KindRules(settings.decimalScale(), settings.maxDepth());
    this.itemEncoder = new ItemEncoder(rules);
    this.finder = new AssignmentFinder(rules);
    this.sourceSchema =
        EnvelopeSchemas.sourceSchema(settings.namespace(), settings.envelope().format());
    lineage.applyAll(history.load(table));
    rebuild();
  }

  public String table() {
    return table;
  }

  public Schema keySchema() {
    return keyEncoder.schema();
  }

  public Schema valueSchema() {
    return valueSchema;
  }

  public KeyEncoder keyEncoder() {
    return keyEncoder;
  }

  /** How many assignments the item schema has seen; grows with every schema change. */
  public int schemaVersion() {
    return lineage.version();
  }

  /**
   * Makes {@link #encode} apply other tasks' assignments at most this often, so that the schemas of
   * all tasks converge even when this task sees no new attribute itself.
   */
  public void refreshEvery(java.time.Duration interval) {
    this.refreshIntervalMillis = interval.toMillis();
    this.lastRefreshMillis = clock.millis();
  }

  /** Applies assignments other tasks recorded since the last look, so schemas converge. */
  public void refresh() {
    lastRefreshMillis = clock.millis();
    int before = lineage.version();
    lineage.applyAll(history.load(table));
    if (lineage.version() != before) {
      rebuild();
    }
  }

  public EncodedEvent encode(ChangeEvent event) {
    if (refreshIntervalMillis > 0 && clock.millis() - lastRefreshMillis >= refreshIntervalMillis) {
      refresh();
    }
    Struct key = keyEncoder.encode(event.keys());
    for (int attempt = 0; ; attempt++) {
      try {
        Struct value = encodeValue(event);
        return new EncodedEvent(keyEncoder.schema(), key, valueSchema, value);
      } catch (UnassignedFieldException e) {
        if (attempt >= 3) {
          throw new IllegalStateException(
              "Table " + table + ": the schema history did not record " + e.getMessage(), e);
        }
        recordMissing(event);
      }
    }
  }

  /**
   * A control record of the table's topic ({@link Operation#SNAPSHOT_COMPLETE}): the envelope with
   * no images, and no key.
   */
  public EncodedEvent control(Operation operation, SourceInfo source) {
    Struct value = new Struct(valueSchema);
    value.put(EnvelopeSchemas.OP, operation.name());
    value.put(EnvelopeSchemas.SOURCE, sourceStruct(source));
    value.put(EnvelopeSchemas.TS_MS, clock.millis());
    return new EncodedEvent(null, null, valueSchema, value);
  }

  private Struct encodeValue(ChangeEvent event) throws UnassignedFieldException {
    Struct value = new Struct(valueSchema);
    value.put(EnvelopeSchemas.OP, settings.envelope().format().op(event.operation()));
    // The images are of the item schema by construction: put() would check each whole tree again.
    if (event.oldImage() != null) {
      Struct before = itemEncoder.encode(itemPlan, event.oldImage());
      StructSlots.set(value, valueSchema.field(EnvelopeSchemas.BEFORE), before);
    }
    if (event.newImage() != null) {
      Struct after = itemEncoder.encode(itemPlan, event.newImage());
      StructSlots.set(value, valueSchema.field(EnvelopeSchemas.AFTER), after);
    }
    value.put(EnvelopeSchemas.SOURCE, sourceStruct(event.source()));
    value.put(EnvelopeSchemas.TS_MS, clock.millis());
    return value;
  }

  private void recordMissing(ChangeEvent event) {
    List<Assignment> missing = new ArrayList<>();
    TableLineage scratch = lineage.copy();
    for (Map<String, AttributeValue> image : images(event)) {
      List<Assignment> found = finder.missing(scratch, image);
      scratch.applyAll(found);
      missing.addAll(found);
    }
    lineage.applyAll(history.append(table, missing));
    rebuild();
  }

  private static List<Map<String, AttributeValue>> images(ChangeEvent event) {
    List<Map<String, AttributeValue>> images = new ArrayList<>(2);
    if (event.oldImage() != null) {
      images.add(event.oldImage());
    }
    if (event.newImage() != null) {
      images.add(event.newImage());
    }
    return images;
  }

  private Struct sourceStruct(SourceInfo source) {
    Struct struct = new Struct(sourceSchema);
    if (settings.envelope().format() == EnvelopeFormat.DEBEZIUM) {
      putDebeziumFields(struct, source);
    } else {
      struct.put(EnvelopeSchemas.SOURCE_SNAPSHOT, source.snapshot());
    }
    struct.put(EnvelopeSchemas.SOURCE_TABLE, source.table());
    struct.put(EnvelopeSchemas.SOURCE_STREAM_ARN, source.streamArn());
    struct.put(EnvelopeSchemas.SOURCE_SHARD_ID, source.shardId());
    struct.put(EnvelopeSchemas.SOURCE_SEQUENCE_NUMBER, source.sequenceNumber());
    struct.put(EnvelopeSchemas.SOURCE_EVENT_ID, source.eventId());
    if (source.approximateCreationTime() != null) {
      struct.put(
          EnvelopeSchemas.SOURCE_APPROXIMATE_CREATION_TIME,
          java.util.Date.from(source.approximateCreationTime()));
    }
    struct.put(EnvelopeSchemas.SOURCE_SNAPSHOT_SEGMENT, source.snapshotSegment());
    struct.put(EnvelopeSchemas.SOURCE_TTL_EXPIRY, source.ttlExpiry());
    if (source.snapshotStart() != null) {
      struct.put(
          EnvelopeSchemas.SOURCE_SNAPSHOT_START, java.util.Date.from(source.snapshotStart()));
    }
    return struct;
  }

  /**
   * Debezium's common fields: {@code ts_ms} is when the change was made (the stream record's
   * approximate creation time; for a snapshot row, when it was read), {@code sequence} the stream
   * record's sequence number.
   */
  private void putDebeziumFields(Struct struct, SourceInfo source) {
    ModelSettings.Envelope envelope = settings.envelope();
    struct.put(EnvelopeSchemas.DEBEZIUM_VERSION, io.ddbsync.common.Version.get());
    struct.put(EnvelopeSchemas.DEBEZIUM_CONNECTOR, EnvelopeSchemas.DEBEZIUM_CONNECTOR_NAME);
    struct.put(EnvelopeSchemas.DEBEZIUM_NAME, envelope.name());
    struct.put(
        EnvelopeSchemas.DEBEZIUM_TS_MS,
        source.approximateCreationTime() != null
            ? source.approximateCreationTime().toEpochMilli()
            : clock.millis());
    struct.put(EnvelopeSchemas.SOURCE_SNAPSHOT, Boolean.toString(source.snapshot()));
    struct.put(EnvelopeSchemas.DEBEZIUM_DB, envelope.db());
    struct.put(EnvelopeSchemas.DEBEZIUM_SEQUENCE, source.sequenceNumber());
  }

  private void rebuild() {
    String itemRecord = EnvelopeSchemas.tableNamespace(settings.namespace(), table) + ".Item";
    itemPlan = ItemSchemaFactory.build(lineage.root(), itemRecord, keyEncoder.attributeNames());
    valueSchema =
        EnvelopeSchemas.envelopeSchema(
            settings.namespace(), table, itemPlan.schema(), sourceSchema);
  }
}
