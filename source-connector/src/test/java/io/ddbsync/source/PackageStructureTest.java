package io.ddbsync.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testing.PackageGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The source's package graph stays acyclic and its pure packages do no I/O. */
class PackageStructureTest {
  private static final PackageGraph GRAPH = PackageGraph.of(Path.of("src/main/java"));

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    assertThat(GRAPH.cycles()).as("package cycles").isEmpty();
  }

  @Test
  void subpackagesNeverUseTheConnectorRoot() {
    for (String pkg : GRAPH.packages()) {
      if (!pkg.equals("io.ddbsync.source")) {
        assertThat(GRAPH.dependenciesOf(pkg)).as(pkg).doesNotContain("io.ddbsync.source");
      }
    }
  }

  @Test
  void pureDecisionsUseNoClientsDatabasesOrKafkaClients() {
    assertThat(
            GRAPH.forbiddenUses(
                Set.of(
                    "io.ddbsync.source.plan",
                    "io.ddbsync.source.offsets",
                    "io.ddbsync.source.settings"),
                List.of(
                    "java.sql",
                    "java.net",
                    "software.amazon.awssdk.services.dynamodb.streams",
                    "org.apache.kafka.clients")))
        .isEmpty();
    assertThat(GRAPH.externalDependenciesOf("io.ddbsync.source.plan"))
        .as("the planner never calls DynamoDB")
        .noneMatch(p -> p.startsWith("software.amazon.awssdk"));
  }

  @Test
  void everyPackageSaysWhatItHolds() {
    assertThat(GRAPH.packagesWithoutInfo()).isEmpty();
  }
}
