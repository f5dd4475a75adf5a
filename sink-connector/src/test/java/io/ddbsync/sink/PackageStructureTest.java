package io.ddbsync.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testing.PackageGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The package graphs of the sink and of the shared contract stay acyclic, and the pure packages do
 * no I/O.
 */
class PackageStructureTest {
  private static final PackageGraph SINK = PackageGraph.of(Path.of("src/main/java"));
  private static final PackageGraph COMMON = PackageGraph.of(Path.of("../common/src/main/java"));

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    assertThat(SINK.cycles()).as("sink package cycles").isEmpty();
    assertThat(COMMON.cycles()).as("common package cycles").isEmpty();
  }

  @Test
  void subpackagesNeverUseTheConnectorRoot() {
    for (String pkg : SINK.packages()) {
      if (pkg.startsWith("io.ddbsync.sink.")) {
        assertThat(SINK.dependenciesOf(pkg)).as(pkg).doesNotContain("io.ddbsync.sink");
      }
    }
  }

  @Test
  void flatteningAndBatchingDoNoIo() {
    assertThat(
            SINK.forbiddenUses(
                Set.of(
                    "io.ddbsync.sink.flatten",
                    "io.ddbsync.sink.batch",
                    "io.ddbsync.sink.model",
                    "io.ddbsync.sink.settings"),
                List.of(
                    "java.sql",
                    "java.net",
                    "org.postgresql",
                    "com.amazon.redshift",
                    "software.amazon.awssdk",
                    "org.apache.parquet")))
        .isEmpty();
    assertThat(
            COMMON.forbiddenUses(
                Set.of("io.ddbsync.common.model", "io.ddbsync.common.event"),
                List.of("java.sql", "java.net", "org.apache.kafka.clients")))
        .isEmpty();
  }

  @Test
  void everyPackageSaysWhatItHolds() {
    assertThat(SINK.packagesWithoutInfo())
        .as("sink (the Parquet shim lives in Parquet's package on purpose)")
        .containsExactly("org.apache.parquet");
    assertThat(COMMON.packagesWithoutInfo()).as("common").isEmpty();
  }
}
