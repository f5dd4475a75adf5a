package io.ddbsync.cli.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.cli.reconcile.ExpectedRows.ChildRow;
import io.ddbsync.cli.reconcile.ExpectedRows.Expected;
import io.ddbsync.cli.reconcile.ExpectedRows.ExpectedItem;
import io.ddbsync.cli.reconcile.RowComparator.ActualRows;
import io.ddbsync.cli.reconcile.RowComparator.ChildTable;
import io.ddbsync.cli.reconcile.RowComparator.Difference;
import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.common.event.TableEventModel;
import io.ddbsync.common.model.InMemorySchemaHistory;
import io.ddbsync.sink.RedshiftSinkConfig;
import io.ddbsync.sink.db.ExistingColumn;
import io.ddbsync.sink.db.PostgresDialect;
import io.ddbsync.sink.flatten.ColumnPlan;
import io.ddbsync.sink.flatten.TableLayout;
import io.ddbsync.sink.model.Column;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The comparison on the sink's own mapping, without a database: rows built from the expected ones
 * (as a sink that loaded them would hold) compare equal; each kind of damage is named by its table
 * and column.
 */
class RowComparatorTest {
  private static final String TOPIC = "dynamodb.Orders";

  private Expected expected;
  private WarehouseTable parent;
  private Map<String, ChildTable> children;

  @BeforeEach
  void expectTwoOrders() {
    Map<String, String> settings = new HashMap<>();
    settings.put("connection.url", "jdbc:postgresql://localhost:5432/warehouse");
    settings.put("dialect", "POSTGRES");
    settings.put("s3.bucket", "staging");
    settings.put("timestamp.columns", "Orders.OrderDate");
    settings.put("column.name.overrides", "Orders.Items.Q=quantity");
    settings.put("aws.region", "us-east-1");
    RedshiftSinkConfig config = new RedshiftSinkConfig(settings);
    ExpectedRows rows =
        new ExpectedRows(
            config.tableNaming(),
            config.ttlRemovals(),
            config.flattenSettings(),
            PostgresDialect.LIMITS);
    TableEventModel model =
        new TableEventModel(
            "Orders",
            List.of(new KeyAttribute("OrderId", KeyAttribute.ScalarType.S)),
            ModelSettings.defaults(),
            new InMemorySchemaHistory(),
            Clock.systemUTC());
    Map<String, AttributeValue> first = new LinkedHashMap<>();
    first.put("OrderId", AttributeValue.fromS("A1"));
    first.put("Total", AttributeValue.fromN("424.50"));
    first.put("OrderDate", AttributeValue.fromS("2024-06-15T09:12:11Z"));
    first.put("Address", AttributeValue.fromM(Map.of("City", AttributeValue.fromS("Oslo"))));
    first.put(
        "Items",
        AttributeValue.fromL(
            List.of(
                AttributeValue.fromM(
                    Map.of("Sku", AttributeValue.fromS("A77"), "Q", AttributeValue.fromN("3"))),
                AttributeValue.fromM(
                    Map.of("Sku", AttributeValue.fromS("F23"), "Q", AttributeValue.fromN("7"))))));
    // A second type of Total: its own type-conflict column.
    Map<String, AttributeValue> second = new LinkedHashMap<>();
    second.put("OrderId", AttributeValue.fromS("A2"));
    second.put("Total", AttributeValue.fromS("n/a"));
    expected = rows.expect(model, TOPIC, List.of(first, second), Instant.now());

    TableLayout layout = expected.layout();
    List<ExistingColumn> columns = new ArrayList<>();
    for (ColumnPlan plan : layout.columns()) {
      columns.add(new ExistingColumn(plan.desiredName(), plan.type(), plan.fieldPath()));
    }
    List<String> keyPaths = layout.keyColumns().stream().map(ColumnPlan::fieldPath).toList();
    parent = WarehouseTable.of("public", layout.name(), columns, keyPaths);
    List<Column> parentKeys =
        layout.keyColumns().stream()
            .map(k -> new Column(k.desiredName(), k.type(), k.fieldPath()))
            .toList();
    children = new LinkedHashMap<>();
    for (TableLayout.ChildLayout child : layout.children()) {
      List<ExistingColumn> childColumns = new ArrayList<>();
      for (ColumnPlan plan : layout.childColumns(child, parentKeys)) {
        childColumns.add(new ExistingColumn(plan.desiredName(), plan.type(), plan.fieldPath()));
      }
      children.put(
          child.name(),
          new ChildTable(
              child,
              WarehouseTable.of(
                  "public",
                  child.name(),
                  childColumns,
                  keyPaths.stream().map(p -> "_parent." + p).toList())));
    }
  }

  @Test
  void rowsAsTheSinkWritesThemCompareEqual() {
    assertThat(expected.layout().name()).isEqualTo("orders");
    assertThat(expected.layout().children())
        .extracting(TableLayout.ChildLayout::name)
        .containsExactly("order_items");
    for (ExpectedItem item : expected.items()) {
      assertThat(comparator().compare(item, loaded(item))).isEmpty();
    }
  }

  @Test
  void aChangedValueIsNamedByItsColumnWithBothValues() {
    ExpectedItem item = expected.items().get(0);
    ActualRows actual = loaded(item);
    actual.parent().put(pathOf("total"), "999");
    assertThat(comparator().compare(item, actual))
        .containsExactly(new Difference("orders", "total", "424.5", "999"));
  }

  @Test
  void aDecimalWithAnotherScaleAndAJsonWithAnotherKeyOrderAreTheSameValue() {
    ExpectedItem item = expected.items().get(0);
    ActualRows actual = loaded(item);
    actual
        .parent()
        .put(
            pathOf("total"),
            Values.canonical(
                io.ddbsync.sink.model.SqlType.Kind.DECIMAL,
                new java.math.BigDecimal("424.500000000")));
    assertThat(comparator().compare(item, actual)).isEmpty();
  }

  @Test
  void aValueInAColumnTheItemDoesNotFillIsReported() {
    ExpectedItem item = expected.items().get(0);
    ActualRows actual = loaded(item);
    actual.parent().put(pathOf("total__s"), "stale text");
    assertThat(comparator().compare(item, actual))
        .containsExactly(new Difference("orders", "total__s", "NULL", "stale text"));
  }

  @Test
  void childRowsComparePerPosition() {
    ExpectedItem item = expected.items().get(0);
    ActualRows lost = loaded(item);
    lost.childrenByTable().get("order_items").remove(1);
    assertThat(comparator().compare(item, lost))
        .contains(new Difference("order_items", "(rows)", "2 rows", "1 rows"))
        .contains(new Difference("order_items[1]", "(row)", "a row", "none"));

    ActualRows changed = loaded(item);
    String quantity =
        children.get("order_items").table().columns().stream()
            .filter(c -> c.name().equals("quantity"))
            .findFirst()
            .orElseThrow()
            .fieldPath();
    changed.childrenByTable().get("order_items").get(0).put(quantity, 4L);
    assertThat(comparator().compare(item, changed))
        .containsExactly(new Difference("order_items[0]", "quantity", "3", "4"));
  }

  @Test
  void childRowsOfAnItemWithoutTheListAreReported() {
    ExpectedItem second = expected.items().get(1);
    ActualRows actual = loaded(second);
    actual
        .childrenByTable()
        .put(
            "order_items",
            new ArrayList<>(loaded(expected.items().get(0)).childrenByTable().get("order_items")));
    assertThat(comparator().compare(second, actual))
        .contains(new Difference("order_items", "(rows)", "0 rows", "2 rows"));
  }

  private RowComparator comparator() {
    return new RowComparator(expected.layout(), parent, children);
  }

  private String pathOf(String column) {
    return parent.columns().stream()
        .filter(c -> c.name().equals(column))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no column " + column + " in " + parent.columns()))
        .fieldPath();
  }

  /** The rows a sink that loaded {@code item} holds, in the form the warehouse reader gives. */
  private ActualRows loaded(ExpectedItem item) {
    Map<String, Object> row = new HashMap<>();
    for (ExistingColumn column : parent.columns()) {
      row.put(
          column.fieldPath(),
          Values.canonical(column.type().kind(), item.values().get(column.fieldPath())));
    }
    Map<String, List<Map<String, Object>>> childRows = new HashMap<>();
    for (ChildTable child : children.values()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ChildRow childRow :
          item.children().getOrDefault(child.layout().fieldPath(), List.of())) {
        Map<String, Object> values = new HashMap<>();
        for (ExistingColumn column : child.table().columns()) {
          values.put(
              column.fieldPath(),
              Values.canonical(column.type().kind(), childRow.values().get(column.fieldPath())));
        }
        values.put("__position", (long) childRow.positions().get(childRow.positions().size() - 1));
        rows.add(values);
      }
      childRows.put(child.table().name(), rows);
    }
    return new ActualRows(row, childRows);
  }
}
