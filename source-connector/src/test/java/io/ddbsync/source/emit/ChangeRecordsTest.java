package io.ddbsync.source.emit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.EnvelopeSchemas;
import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.SourceInfo;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.InMemorySchemaHistory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ChangeRecordsTest {
  private final TableEventModel model =
      new TableEventModel(
          "Orders",
          List.of(new KeyAttribute("OrderId", KeyAttribute.ScalarType.S)),
          ModelSettings.defaults(),
          new InMemorySchemaHistory(),
          Clock.systemUTC());
  private final ChangeRecords records = new ChangeRecords("dynamodb.", "progress", true);

  @Test
  void theTombstoneOfATtlRemovalSaysSoInAHeaderBecauseItHasNoEnvelope() {
    List<SourceRecord> ttl = records.records(model, remove(true), Map.of(), Map.of(), 0);
    List<SourceRecord> user = records.records(model, remove(false), Map.of(), Map.of(), 0);

    assertThat(ttl).hasSize(2);
    assertThat(ttl.get(1).value()).isNull();
    assertThat(ttl.get(1).headers().lastWithName(EnvelopeSchemas.TTL_HEADER).value())
        .isEqualTo(true);
    assertThat(user.get(1).headers().lastWithName(EnvelopeSchemas.TTL_HEADER)).isNull();
  }

  private static ChangeEvent remove(boolean ttl) {
    return new ChangeEvent(
        Operation.REMOVE,
        Map.of("OrderId", AttributeValue.fromS("o-1")),
        null,
        null,
        SourceInfo.stream("Orders", "arn", "shard", "1", "e", Instant.now(), ttl));
  }

  /**
   * Converters that serialize records only (the AWS Glue Schema Registry converter fails a task on
   * a plain string: "Unsupported type passed for serialization") must be able to write progress
   * records too.
   */
  @Test
  void progressRecordsHaveStructKeysAndValues() {
    org.apache.kafka.connect.source.SourceRecord progress =
        records.progress(
            java.util.Map.of("table", "Orders", "segment", 3),
            java.util.Map.of("done", true),
            "segment finished");
    assertThat(progress.topic()).isEqualTo("progress");
    assertThat(progress.keySchema().type())
        .isEqualTo(org.apache.kafka.connect.data.Schema.Type.STRUCT);
    assertThat(progress.valueSchema().type())
        .isEqualTo(org.apache.kafka.connect.data.Schema.Type.STRUCT);
    org.apache.kafka.connect.data.Struct value =
        (org.apache.kafka.connect.data.Struct) progress.value();
    value.validate();
    assertThat(value.getString("description")).isEqualTo("segment finished");
    assertThat(value.getString("offset")).contains("done");
    ((org.apache.kafka.connect.data.Struct) progress.key()).validate();
  }
}
