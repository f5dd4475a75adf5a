package io.ddbsync.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.common.config.ConfigChecks;
import io.ddbsync.sink.db.ConnectionProvider;
import io.ddbsync.sink.db.RedshiftDefinition;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/** Settings a user can get wrong are refused on their field by validate(), not by a load. */
class SinkSettingsTest {
  @Test
  void aTargetSchemaTheSinkCannotQuoteIsRefusedOnItsField() {
    assertThat(errors(Map.of(TargetSettings.TARGET_SCHEMA, "Analytics")))
        .containsKey(TargetSettings.TARGET_SCHEMA);
    assertThat(errors(Map.of(TargetSettings.TARGET_SCHEMA, "analytics_2"))).isEmpty();
  }

  @Test
  void nameFormatsWithUnknownOrNoPlaceholdersAreRefused() {
    assertThat(errors(Map.of(TableNamingSettings.TABLE_NAME_FORMAT, "${tabel}")))
        .containsKey(TableNamingSettings.TABLE_NAME_FORMAT);
    assertThat(errors(Map.of(TableNamingSettings.TABLE_NAME_FORMAT, "orders")))
        .containsKey(TableNamingSettings.TABLE_NAME_FORMAT);
    assertThat(errors(Map.of(TableNamingSettings.CHILD_TABLE_NAME_FORMAT, "${parent}_${list}")))
        .containsKey(TableNamingSettings.CHILD_TABLE_NAME_FORMAT);
    assertThat(errors(Map.of(TableNamingSettings.TABLE_NAME_FORMAT, "raw_${table}"))).isEmpty();
  }

  @Test
  void theDefaultStagingPrefixIsTheConnectorsOwn() {
    Map<String, String> props = props(Map.of("name", "orders sink/prod"));
    assertThat(new RedshiftSinkConfig(props).prefix()).isEqualTo("ddbsync/orders_sink_prod/");
    props.put(StagingSettings.S3_PREFIX, "shared/");
    assertThat(new RedshiftSinkConfig(props).prefix()).isEqualTo("shared/");
  }

  @Test
  void copyMayUseTheRoleTheConnectorAssumesButNeedsSomeWayToReadS3() {
    Map<String, String> none = props(Map.of());
    assertThat(SinkConfigValidator.staticProblems(new RedshiftSinkConfig(none)))
        .extracting(ConfigChecks.Problem::setting)
        .containsExactly(RedshiftDefinition.COPY_IAM_ROLE);
    Map<String, String> assumed =
        props(Map.of(AwsSettings.ROLE_ARN, "arn:aws:iam::123456789012:role/x"));
    assertThat(SinkConfigValidator.staticProblems(new RedshiftSinkConfig(assumed))).isEmpty();
  }

  @Test
  void convertersThatCannotCarryTheEnvelopeAndDroppedRecordsAreRefusedOnTheirSetting() {
    Map<String, List<String>> primitive =
        validated(
            Map.of(
                "value.converter", "org.apache.kafka.connect.storage.StringConverter",
                "key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter"));
    assertThat(primitive.get("value.converter"))
        .singleElement()
        .asString()
        .contains("cannot carry the change-event envelope")
        .contains("value.converter.schemas.enable=true");
    assertThat(primitive.get("key.converter")).singleElement().asString().contains("key struct");

    Map<String, List<String>> schemaless =
        validated(
            Map.of(
                "value.converter",
                FrameworkSettingChecks.JSON_CONVERTER,
                "value.converter.schemas.enable",
                "false"));
    assertThat(schemaless).containsOnlyKeys("value.converter.schemas.enable");
    assertThat(schemaless.get("value.converter.schemas.enable"))
        .singleElement()
        .asString()
        .contains("on the source connector");

    Map<String, List<String>> dropped = validated(Map.of("errors.tolerance", "all"));
    assertThat(dropped.get("errors.tolerance"))
        .singleElement()
        .asString()
        .contains("errors.log.enable=true")
        .contains("errors.deadletterqueue.topic.name");

    // JSON with schemas, a dead letter queue, or tolerance with logging: nothing to say.
    assertThat(
            validated(
                Map.of(
                    "value.converter", FrameworkSettingChecks.JSON_CONVERTER,
                    "errors.tolerance", "all",
                    "errors.deadletterqueue.topic.name", "dlq")))
        .isEmpty();
    assertThat(validated(Map.of("errors.tolerance", "all", "errors.log.enable", "true"))).isEmpty();
  }

  /** Every error validate() reports, the live checks (database, bucket) left out. */
  private static Map<String, List<String>> validated(Map<String, String> overrides) {
    Map<String, String> props = props(overrides);
    props.put(TargetSettings.CONNECTION_URL, "jdbc:postgresql://db:5432/warehouse");
    props.put("dialect", "POSTGRES");
    Config result =
        new SinkConfigValidator(config -> List.of())
            .validate(
                new Config(RedshiftSinkConfig.CONFIG_DEF.validate(props).stream().toList()), props);
    Map<String, List<String>> errors = new HashMap<>();
    for (ConfigValue value : result.configValues()) {
      if (!value.errorMessages().isEmpty()) {
        errors.put(value.name(), value.errorMessages());
      }
    }
    return errors;
  }

  @Test
  void aJdbcUrlWithAPasswordNeverReachesAMessage() {
    ConnectionProvider connections =
        new ConnectionProvider(
            new org.postgresql.Driver(),
            "jdbc:postgresql://127.0.0.1:1/warehouse?user=u&password=s3cret-url",
            "u",
            new Password("s3cret-setting"));
    assertThatThrownBy(connections::get)
        .isInstanceOf(SQLException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("s3cret-url")
                    .doesNotContain("s3cret-setting"));
    ConnectionProvider unknownForm =
        new ConnectionProvider(
            new org.postgresql.Driver(), "jdbc:other://h/db;password=s3cret", "u", null);
    assertThatThrownBy(unknownForm::get).hasMessageNotContaining("s3cret");
  }

  private static Map<String, List<String>> errors(Map<String, String> overrides) {
    Config result =
        new Config(RedshiftSinkConfig.CONFIG_DEF.validate(props(overrides)).stream().toList());
    Map<String, List<String>> errors = new HashMap<>();
    for (ConfigValue value : result.configValues()) {
      if (!value.errorMessages().isEmpty()) {
        errors.put(value.name(), value.errorMessages());
      }
    }
    return errors;
  }

  private static Map<String, String> props(Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put(TargetSettings.CONNECTION_URL, "jdbc:redshift://cluster:5439/dev");
    props.put(StagingSettings.S3_BUCKET, "bucket");
    props.putAll(overrides);
    return props;
  }
}
