package io.ddbsync.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.cli.drift.DriftAnalysis.ColumnStats;
import io.ddbsync.common.model.Assignment;
import io.ddbsync.common.model.FieldKind;
import io.ddbsync.sink.model.SqlType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DriftAnalysisTest {
  @Test
  void attributeTypesAreCountedPerPathIntoMaps() {
    Map<String, Map<String, Long>> types =
        DriftAnalysis.attributeTypes(
            List.of(
                Map.of(
                    "price",
                    AttributeValue.fromN("1"),
                    "addr",
                    AttributeValue.fromM(Map.of("zip", AttributeValue.fromS("0150")))),
                Map.of(
                    "price",
                    AttributeValue.fromS("n/a"),
                    "addr",
                    AttributeValue.fromM(Map.of("zip", AttributeValue.fromN("150"))))),
            8);
    assertThat(types.get("price")).containsEntry("N", 1L).containsEntry("S", 1L);
    assertThat(types.get("addr.zip")).containsEntry("S", 1L).containsEntry("N", 1L);
    assertThat(types.get("addr")).containsOnlyKeys("M");
  }

  @Test
  void eachKindOfDriftIsFoundAndWhatNeedsActionIsFlagged() {
    Map<String, Map<String, Long>> types =
        Map.of(
            "price", Map.of("N", 3L, "S", 1L),
            "meta", Map.of("M", 4L));
    List<ColumnStats> columns =
        List.of(
            new ColumnStats("orders", "price", "price", SqlType.decimal(9), 4, 3, 0),
            new ColumnStats("orders", "price__s", "price__s", SqlType.varchar(256), 4, 1, 3),
            new ColumnStats("orders", "note", "note", SqlType.varchar(65535), 4, 2, 60_000),
            new ColumnStats("orders", "legacy", "legacy", SqlType.BIGINT, 4, 0, 0),
            new ColumnStats("orders", "meta", "meta", SqlType.SUPER, 4, 4, 0),
            new ColumnStats(
                "orders",
                "_ddbsync_deleted_at",
                "___ddbsync_deleted_at",
                SqlType.TIMESTAMP,
                4,
                0,
                0));
    List<DriftFinding> findings =
        DriftAnalysis.analyse(
            "Orders",
            types,
            List.of(Assignment.topLevel("rating", FieldKind.LONG)),
            columns,
            65_535);
    assertThat(findings)
        .extracting(DriftFinding::kind, DriftFinding::subject)
        .contains(
            org.assertj.core.groups.Tuple.tuple("attribute-types", "price"),
            org.assertj.core.groups.Tuple.tuple("type-conflict-column", "orders.price__s"),
            org.assertj.core.groups.Tuple.tuple("varchar-width", "orders.note"),
            org.assertj.core.groups.Tuple.tuple("never-filled", "orders.legacy"),
            org.assertj.core.groups.Tuple.tuple("map-as-super", "orders.meta"))
        .doesNotContain(
            org.assertj.core.groups.Tuple.tuple("never-filled", "orders._ddbsync_deleted_at"));
    assertThat(findings).filteredOn(f -> f.kind().equals("not-in-topic-schema")).hasSize(1);
    assertThat(findings)
        .filteredOn(DriftFinding::attention)
        .extracting(DriftFinding::subject)
        .containsExactlyInAnyOrder("orders.note", "orders.legacy");
  }
}
