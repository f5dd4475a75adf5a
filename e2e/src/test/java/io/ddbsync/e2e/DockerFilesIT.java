package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ddbsync.testing.BuildPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/ is not run here (no Docker engine on this machine), so this checks what can be checked
 * without one: the compose file parses and has the stack's services, every file the Dockerfile
 * copies exists after {@code mvn package}, and the setup script's rewrites of config/*.json still
 * match the addresses those files contain, so the docker path cannot drift from config/.
 */
class DockerFilesIT {
  private static final Path ROOT = BuildPaths.repositoryRoot();

  @Test
  void composeFileDescribesTheWholeStackAndBuildsTheConnectImageFromThisRepository()
      throws Exception {
    JsonNode compose =
        new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker/compose.yaml").toFile());
    JsonNode services = compose.path("services");
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).contains("kafka", "connect", "apicurio", "moto", "postgres");
    assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
        .as("Kafka in KRaft mode")
        .isEqualTo("broker,controller");
    JsonNode build = services.path("connect").path("build");
    assertThat(ROOT.resolve("docker").resolve(build.path("context").asText()).normalize())
        .isEqualTo(ROOT.normalize());
    assertThat(ROOT.resolve(build.path("dockerfile").asText())).exists();
  }

  @Test
  void everyFileTheDockerfileCopiesExistsAfterPackage() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
    Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(.+) (\\S+)$").matcher(dockerfile);
    int copies = 0;
    while (copy.find()) {
      for (String source : copy.group(1).trim().split("\\s+")) {
        copies++;
        Path directory = ROOT.resolve(source).getParent();
        String glob = ROOT.resolve(source).getFileName().toString();
        try (var matches = Files.newDirectoryStream(directory, glob)) {
          assertThat(matches.iterator().hasNext()).as("COPY source %s", source).isTrue();
        }
      }
    }
    assertThat(copies).isGreaterThanOrEqualTo(5);
  }

  @Test
  void theSetupScriptRewritesAddressesThatConfigFilesReallyContain() throws Exception {
    String script = Files.readString(ROOT.resolve("docker/create-connectors.sh"));
    String configs =
        Files.readString(ROOT.resolve("config/dynamodb-source.json"))
            + Files.readString(ROOT.resolve("config/redshift-sink.json"));
    Matcher rewrite = Pattern.compile("-e 's#([^#]+)#([^#]+)#'").matcher(script);
    int rewrites = 0;
    while (rewrite.find()) {
      rewrites++;
      assertThat(configs).as("config/ mentions %s", rewrite.group(1)).contains(rewrite.group(1));
    }
    assertThat(rewrites).isEqualTo(3);
    assertThat(Files.readString(ROOT.resolve("docker/connect-entrypoint.sh")))
        .contains("/opt/ddbsync/connect-distributed.properties");
  }
}
