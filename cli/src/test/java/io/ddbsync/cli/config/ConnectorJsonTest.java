package io.ddbsync.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector JSON users POST, read as they wrote it, with their config provider variables. */
class ConnectorJsonTest {
  @TempDir Path dir;

  @Test
  void readsTheRequestShapeAndResolvesProviderVariablesAndOverrides() throws Exception {
    Path secrets = dir.resolve("db.properties");
    Files.writeString(secrets, "password=s3cret\n");
    Path json = dir.resolve("sink.json");
    Files.writeString(
        json,
        "{\"name\": \"redshift-sink\", \"config\": {"
            + "\"connection.password\": \"${file:"
            + secrets
            + ":password}\","
            + "\"home\": \"${env:HOME}\","
            + "\"tasks.max\": 2,"
            + "\"target.schema\": \"public\"}}");

    ConnectorJson.Loaded loaded = ConnectorJson.read(json, Map.of("target.schema", "analytics"));

    assertThat(loaded.name()).isEqualTo("redshift-sink");
    assertThat(loaded.config())
        .containsEntry("connection.password", "s3cret")
        .containsEntry("home", System.getenv("HOME"))
        .containsEntry("tasks.max", "2")
        .containsEntry("target.schema", "analytics");
  }

  @Test
  void readsABareConfigMap() throws Exception {
    Path json = dir.resolve("bare.json");
    Files.writeString(json, "{\"name\": \"s\", \"tables\": \"Orders\"}");
    assertThat(ConnectorJson.read(json, Map.of()).config()).containsEntry("tables", "Orders");
  }
}
