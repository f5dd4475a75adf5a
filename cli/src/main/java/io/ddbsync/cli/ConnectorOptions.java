package io.ddbsync.cli;

import io.ddbsync.cli.config.ConnectorJson;
import io.ddbsync.cli.connect.ConnectClient;
import io.ddbsync.sink.RedshiftSinkConfig;
import io.ddbsync.source.DynamoDbSourceConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the connectors' configuration comes from: the JSON files users POST to Connect, or the
 * running connectors through a Connect REST URL. Nothing new to configure.
 */
final class ConnectorOptions {
  @Option(
      names = "--source",
      paramLabel = "FILE",
      description =
          "The source connector's JSON, as POSTed to Connect (default: config/dynamodb-source.json unless --connect is given).")
  Path sourceFile;

  @Option(
      names = "--sink",
      paramLabel = "FILE",
      description =
          "The sink connector's JSON, as POSTed to Connect (default: config/redshift-sink.json unless --connect is given).")
  Path sinkFile;

  @Option(
      names = "--connect",
      paramLabel = "URL",
      description =
          "A Kafka Connect REST URL to read the connectors' configuration from (and, for status and resnapshot, their offsets).")
  URI connect;

  @Option(
      names = "--source-connector",
      paramLabel = "NAME",
      defaultValue = "dynamodb-source",
      description =
          "The source connector's name on the Connect cluster (default: ${DEFAULT-VALUE}).")
  String sourceName;

  @Option(
      names = "--sink-connector",
      paramLabel = "NAME",
      defaultValue = "redshift-sink",
      description = "The sink connector's name on the Connect cluster (default: ${DEFAULT-VALUE}).")
  String sinkName;

  @Option(
      names = "--source-set",
      paramLabel = "KEY=VALUE",
      description =
          "Overrides one source setting for this run (for example an endpoint reachable from here); ${env:VAR} and ${file:PATH:KEY} are resolved.")
  Map<String, String> sourceOverrides = new LinkedHashMap<>();

  @Option(
      names = "--sink-set",
      paramLabel = "KEY=VALUE",
      description =
          "Overrides one sink setting for this run, such as connection.password=${env:PGPASSWORD}.")
  Map<String, String> sinkOverrides = new LinkedHashMap<>();

  ConnectorJson.Loaded source() throws IOException {
    if (sourceFile == null && connect != null) {
      return ConnectorJson.fetch(connectClient(), sourceName, sourceOverrides);
    }
    ConnectorJson.Loaded loaded =
        ConnectorJson.read(
            sourceFile == null ? Path.of("config/dynamodb-source.json") : sourceFile,
            sourceOverrides);
    return loaded.name() == null ? new ConnectorJson.Loaded(sourceName, loaded.config()) : loaded;
  }

  ConnectorJson.Loaded sink() throws IOException {
    if (sinkFile == null && connect != null) {
      return ConnectorJson.fetch(connectClient(), sinkName, sinkOverrides);
    }
    ConnectorJson.Loaded loaded =
        ConnectorJson.read(
            sinkFile == null ? Path.of("config/redshift-sink.json") : sinkFile, sinkOverrides);
    return loaded.name() == null ? new ConnectorJson.Loaded(sinkName, loaded.config()) : loaded;
  }

  DynamoDbSourceConfig sourceConfig() throws IOException {
    return new DynamoDbSourceConfig(source().config());
  }

  RedshiftSinkConfig sinkConfig() throws IOException {
    return new RedshiftSinkConfig(sink().config());
  }

  ConnectClient connectClient() {
    if (connect == null) {
      throw new IllegalArgumentException("This needs --connect URL (the Kafka Connect REST API)");
    }
    return new ConnectClient(connect);
  }
}
