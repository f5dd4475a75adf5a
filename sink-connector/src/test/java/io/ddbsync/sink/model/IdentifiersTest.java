package io.ddbsync.sink.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
  @Test
  void attributeNamesBecomeSnakeCase() {
    assertThat(Identifiers.snakeCase("OrderId")).isEqualTo("order_id");
    assertThat(Identifiers.snakeCase("customerID")).isEqualTo("customer_id");
    assertThat(Identifiers.snakeCase("HTTPServer")).isEqualTo("http_server");
    assertThat(Identifiers.snakeCase("address.city")).isEqualTo("address_city");
    assertThat(Identifiers.snakeCase("Orders")).isEqualTo("orders");
    assertThat(Identifiers.snakeCase("1st place")).isEqualTo("_1st_place");
    assertThat(Identifiers.snakeCase("Prix€")).isEqualTo("prix");
  }

  @Test
  void tableNamesGetAPlausibleSingular() {
    assertThat(Identifiers.singular("orders")).isEqualTo("order");
    assertThat(Identifiers.singular("categories")).isEqualTo("category");
    assertThat(Identifiers.singular("boxes")).isEqualTo("box");
    assertThat(Identifiers.singular("status")).isEqualTo("status");
    assertThat(Identifiers.singular("inventory")).isEqualTo("inventory");
  }

  @Test
  void quotingRefusesAnythingButTheSafeAlphabet() {
    assertThat(Identifiers.quote("order_id")).isEqualTo("\"order_id\"");
    assertThatThrownBy(() -> Identifiers.quote("x\"; DROP TABLE orders; --"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Identifiers.quote("Upper"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void longNamesAreCutWithAHashSoTheyStayDistinct() {
    String a = Identifiers.snakeCase("a".repeat(80) + "x");
    String b = Identifiers.snakeCase("a".repeat(80) + "y");
    assertThat(a).hasSizeLessThanOrEqualTo(Identifiers.MAX_LENGTH).isNotEqualTo(b);
  }

  @Property
  void everyNameBecomesAValidQuotableIdentifier(@ForAll String name) {
    String identifier = Identifiers.snakeCase(name);
    assertThat(Identifiers.isValid(identifier)).isTrue();
    assertThat(Identifiers.quote(identifier)).startsWith("\"").endsWith("\"");
  }
}
