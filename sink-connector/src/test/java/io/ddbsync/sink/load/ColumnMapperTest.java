package io.ddbsync.sink.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.sink.db.ExistingColumn;
import io.ddbsync.sink.db.PostgresDialect;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.flatten.ColumnRole;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class ColumnMapperTest {
  @Test
  void aNewTableGetsTheDesiredNamesAndVarcharsSizedInBucketsOfBytes() {
    List<ColumnPlan> plans =
        List.of(
            plan("OrderId", "order_id", SqlType.varchar(256)),
            plan("note", "note", SqlType.varchar(256)));
    ColumnMapper.Mapping mapping =
        ColumnMapper.map("orders", plans, new int[] {12, 3000}, List.of(), PostgresDialect.LIMITS);

    assertThat(mapping.columns()).extracting(Column::name).containsExactly("order_id", "note");
    assertThat(mapping.columns().get(0).type()).isEqualTo(SqlType.varchar(256));
    assertThat(mapping.columns().get(1).type()).isEqualTo(SqlType.varchar(4096));
    assertThat(mapping.added()).hasSize(2);
  }

  @Test
  void twoFieldsWithTheSameSnakeCaseNameNeverShareAColumnWhateverTheOrder() {
    List<ExistingColumn> existing =
        List.of(new ExistingColumn("order_id", SqlType.varchar(256), "OrderId"));
    ColumnMapper.Mapping mapping =
        ColumnMapper.map(
            "orders",
            List.of(
                plan("OrderId", "order_id", SqlType.varchar(256)),
                plan("order_id", "order_id", SqlType.varchar(256))),
            null,
            existing,
            PostgresDialect.LIMITS);

    assertThat(mapping.columns().get(0).name()).isEqualTo("order_id");
    assertThat(mapping.columns().get(1).name())
        .startsWith("order_id_")
        .hasSize("order_id_".length() + 6);
    assertThat(mapping.added()).singleElement().extracting(Column::fieldPath).isEqualTo("order_id");
  }

  @Test
  void aLongerValueWidensTheColumnUpToRedshiftsLimit() {
    List<ExistingColumn> existing =
        List.of(new ExistingColumn("note", SqlType.varchar(256), "note"));
    ColumnMapper.Mapping mapping =
        ColumnMapper.map(
            "orders",
            List.of(plan("note", "note", SqlType.varchar(256))),
            new int[] {50_000},
            existing,
            PostgresDialect.LIMITS);

    assertThat(mapping.widened())
        .singleElement()
        .satisfies(c -> assertThat(c.type()).isEqualTo(SqlType.varchar(65_535)));
    assertThat(mapping.added()).isEmpty();
  }

  @Test
  void aUsersColumnWithTheDesiredNameIsAdoptedWhenItsTypeFits() {
    List<ExistingColumn> existing =
        List.of(new ExistingColumn("customer_id", SqlType.varchar(64), null));
    ColumnMapper.Mapping mapping =
        ColumnMapper.map(
            "orders",
            List.of(plan("CustomerId", "customer_id", SqlType.varchar(256))),
            new int[] {10},
            existing,
            PostgresDialect.LIMITS);

    assertThat(mapping.adopted()).singleElement().extracting(Column::name).isEqualTo("customer_id");
    // Widened only when a value needs it (an ALTER the user's column may not allow otherwise).
    assertThat(mapping.widened()).isEmpty();
    assertThat(
            ColumnMapper.map(
                    "orders",
                    List.of(plan("CustomerId", "customer_id", SqlType.varchar(256))),
                    new int[] {100},
                    existing,
                    PostgresDialect.LIMITS)
                .widened())
        .singleElement()
        .satisfies(c -> assertThat(c.type()).isEqualTo(SqlType.varchar(256)));
  }

  @Test
  void aColumnOfAnotherTypeIsAnErrorThatSaysWhatToDo() {
    List<ExistingColumn> existing = List.of(new ExistingColumn("total", SqlType.BIGINT, "total"));
    assertThatThrownBy(
            () ->
                ColumnMapper.map(
                    "orders",
                    List.of(plan("total", "total", SqlType.decimal(9))),
                    null,
                    existing,
                    PostgresDialect.LIMITS))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("has type BIGINT")
        .hasMessageContaining("column.name.overrides");
  }

  @Test
  void aTableThatWouldPassRedshiftsSixteenHundredColumnsIsRefusedWithWhatToChange() {
    List<ExistingColumn> existing = new java.util.ArrayList<>();
    for (int i = 0; i < 1599; i++) {
      existing.add(new ExistingColumn("c" + i, SqlType.BIGINT, "c" + i));
    }
    List<ColumnPlan> plans = List.of(plan("new_a", "new_a", SqlType.BIGINT));
    assertThat(ColumnMapper.map("wide", plans, null, existing, PostgresDialect.LIMITS).added())
        .hasSize(1);

    List<ColumnPlan> two =
        List.of(plan("new_a", "new_a", SqlType.BIGINT), plan("new_b", "new_b", SqlType.BIGINT));
    assertThatThrownBy(() -> ColumnMapper.map("wide", two, null, existing, PostgresDialect.LIMITS))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("1601 columns")
        .hasMessageContaining("flatten.max.map.columns");
  }

  @Test
  void anExistingKeyColumnWidensOnlyForALongerValueNeverToTheNewColumnSize() {
    List<ExistingColumn> existing =
        List.of(new ExistingColumn("order_id", SqlType.varchar(256), "OrderId"));
    List<ColumnPlan> plans =
        List.of(
            new ColumnPlan(
                "OrderId",
                List.of("OrderId"),
                "order_id",
                ColumnRole.KEY,
                SqlType.varchar(2048),
                null));

    assertThat(
            ColumnMapper.map("orders", plans, new int[] {200}, existing, PostgresDialect.LIMITS)
                .widened())
        .isEmpty();
    assertThat(
            ColumnMapper.map("orders", plans, new int[] {300}, existing, PostgresDialect.LIMITS)
                .widened())
        .singleElement()
        .satisfies(column -> assertThat(column.type()).isEqualTo(SqlType.varchar(1024)));
  }

  private static ColumnPlan plan(String path, String name, SqlType type) {
    return new ColumnPlan(path, List.of(path), name, ColumnRole.VALUE, type, null);
  }
}
