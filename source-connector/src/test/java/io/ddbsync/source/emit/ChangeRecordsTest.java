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
}
