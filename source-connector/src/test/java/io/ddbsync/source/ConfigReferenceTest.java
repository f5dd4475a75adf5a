package io.ddbsync.source;

import io.ddbsync.common.config.ConfigDocs;
import io.ddbsync.testing.GeneratedDocs;
import org.junit.jupiter.api.Test;

/** docs/source-config.md is generated from the ConfigDef; this fails when they disagree. */
class ConfigReferenceTest {
  @Test
  void theConfigurationReferenceIsGeneratedFromTheConfigDef() throws Exception {
    GeneratedDocs.assertCurrent(
        "source-config.md",
        ConfigDocs.markdown(
            "DynamoDB source connector configuration",
            "Every setting of `io.ddbsync.source.DynamoDbSourceConnector`. Settings are validated"
                + " when the connector is created or validated through the REST API; problems are"
                + " reported on the setting that causes them.\n",
            DynamoDbSourceConfig.CONFIG_DEF));
  }
}
