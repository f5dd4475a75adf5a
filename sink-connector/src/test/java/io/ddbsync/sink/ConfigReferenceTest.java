package io.ddbsync.sink;

import io.ddbsync.common.config.ConfigDocs;
import io.ddbsync.testing.GeneratedDocs;
import org.junit.jupiter.api.Test;

/** docs/sink-config.md is generated from the ConfigDef; this fails when they disagree. */
class ConfigReferenceTest {
  @Test
  void theConfigurationReferenceIsGeneratedFromTheConfigDef() throws Exception {
    GeneratedDocs.assertCurrent(
        "sink-config.md",
        ConfigDocs.markdown(
            "Redshift sink connector configuration",
            "Every setting of `io.ddbsync.sink.RedshiftSinkConnector`. Settings are validated when"
                + " the connector is created or validated through the REST API; problems are"
                + " reported on the setting that causes them. The sink also takes Kafka Connect's"
                + " own sink settings (`topics`, `topics.regex`, `errors.tolerance`,"
                + " `errors.deadletterqueue.*`).\n",
            RedshiftSinkConfig.CONFIG_DEF));
  }
}
