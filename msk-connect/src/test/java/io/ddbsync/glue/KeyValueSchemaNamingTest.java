package io.ddbsync.glue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyValueSchemaNamingTest {
  private final KeyValueSchemaNaming naming = new KeyValueSchemaNaming();

  @Test
  void keysAndValuesOfATopicHaveSchemasOfTheirOwn() {
    assertThat(naming.getSchemaName("dynamodb.Orders", null, true))
        .isEqualTo("dynamodb.Orders-key");
    assertThat(naming.getSchemaName("dynamodb.Orders", null, false))
        .isEqualTo("dynamodb.Orders-value");
    assertThat(naming.getSchemaName("dynamodb.Orders")).isEqualTo("dynamodb.Orders-value");
  }
}
