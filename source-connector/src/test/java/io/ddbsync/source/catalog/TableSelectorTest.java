package io.ddbsync.source.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.source.fixtures.FakeCatalog;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TableSelectorTest {
  private final FakeCatalog catalog = new FakeCatalog();

  TableSelectorTest() {
    for (String name : List.of("orders", "orders_archive", "customers", "audit-log")) {
      catalog.put(
          new TableInfo(
              name,
              name,
              List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S)),
              null,
              null,
              0,
              0,
              0));
    }
    catalog
        .tag("customers", "cdc", "on")
        .tag("orders", "cdc", "on")
        .tag("orders_archive", "cdc", "off");
  }

  @Test
  void anExplicitListIsTakenAsItIs() {
    TableSelector selector = new TableSelector(List.of("orders", "missing"), null, null, Map.of());
    assertThat(selector.select(catalog)).containsExactly("missing", "orders");
  }

  @Test
  void includeAndExcludeExpressionsMatchWholeNames() {
    TableSelector selector =
        new TableSelector(
            List.of(),
            Pattern.compile("orders.*|customers"),
            Pattern.compile(".*_archive"),
            Map.of());
    assertThat(selector.select(catalog)).containsExactly("customers", "orders");
  }

  @Test
  void requiredTagsMustAllMatch() {
    TableSelector selector = new TableSelector(List.of(), null, null, Map.of("cdc", "on"));
    assertThat(selector.select(catalog)).containsExactly("customers", "orders");
  }
}
