package io.ddbsync.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.config.ConfigDocs;
import io.ddbsync.testing.BuildPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/source-config.md is generated from the ConfigDef; this fails when they disagree. Run with
 * -Dddbsync.update.docs=true to regenerate the file.
 */
class ConfigReferenceTest {
  @Test
  void theConfigurationReferenceIsGeneratedFromTheConfigDef() throws Exception {
    String generated =
        ConfigDocs.markdown(
            "DynamoDB source connector configuration",
            "Every setting of `io.ddbsync.source.DynamoDbSourceConnector`. Settings are validated"
                + " when the connector is created or validated through the REST API; problems are"
                + " reported on the setting that causes them.\n",
            DynamoDbSourceConfig.CONFIG_DEF);
    Path file = BuildPaths.repositoryRoot().resolve("docs/source-config.md");
    if (Boolean.getBoolean("ddbsync.update.docs")) {
      Files.writeString(file, generated);
    }
    assertThat(file).exists();
    assertThat(Files.readString(file))
        .as("docs/source-config.md is stale; regenerate with -Dddbsync.update.docs=true")
        .isEqualTo(generated);
  }
}
