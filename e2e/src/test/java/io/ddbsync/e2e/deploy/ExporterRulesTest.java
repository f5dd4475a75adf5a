package io.ddbsync.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ddbsync.testing.BuildPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/monitoring/jmx-exporter.yaml renames only the connectors' own metrics: another plugin's
 * metrics in the same {@code kafka.connect:type=plugins} beans (Kafka 4.1's plugin metrics are
 * shared by every plugin of a task) match no rule, so the exporter leaves them under their own
 * names. The rules are applied as the exporter applies them: the first whose pattern matches the
 * whole bean-and-attribute string wins.
 */
class ExporterRulesTest {
  private record Rule(Pattern pattern, String name, String type) {}

  @Test
  void ourMetricsAreRenamedAndTypedAndOtherPluginsMetricsAreLeftAlone() throws Exception {
    JsonNode yaml =
        new ObjectMapper(new YAMLFactory())
            .readTree(
                BuildPaths.repositoryRoot()
                    .resolve("deploy/monitoring/jmx-exporter.yaml")
                    .toFile());
    List<Rule> rules = new ArrayList<>();
    for (JsonNode rule : yaml.path("rules")) {
      rules.add(
          new Rule(
              Pattern.compile(rule.path("pattern").asText()),
              rule.path("name").asText(),
              rule.path("type").asText()));
    }
    String bean = "kafka.connect<type=plugins, connector=orders-sink, task=0><>";

    assertThat(exported(rules, bean + "rows-merged-total"))
        .isEqualTo("COUNTER ddbsync_rows-merged-total");
    assertThat(exported(rules, bean + "rows-merged-rate"))
        .isEqualTo("GAUGE ddbsync_rows-merged-rate");
    assertThat(exported(rules, bean + "failed-loads-total"))
        .isEqualTo("COUNTER ddbsync_failed-loads-total");
    assertThat(exported(rules, bean + "freshness-lag-ms"))
        .isEqualTo("GAUGE ddbsync_freshness-lag-ms");
    assertThat(
            exported(
                rules,
                "kafka.connect<type=plugins, connector=orders-source, task=0, table=Orders><>"
                    + "snapshot-table-eta-seconds"))
        .isEqualTo("GAUGE ddbsync_snapshot-table-eta-seconds");
    assertThat(
            exported(
                rules,
                "kafka.connect<type=connect-worker-metrics, connector=orders-sink><>"
                    + "connector-failed-task-count"))
        .isEqualTo("GAUGE kafka_connect_connector_failed_task_count");

    // Another plugin's metrics (a converter's, a transform's, another connector's) match nothing.
    for (String foreign :
        List.of("records-converted-total", "cache-hits", "batch-size-avg", "records-rate")) {
      assertThat(exported(rules, bean + foreign)).as(foreign).isNull();
    }
    assertThat(
            exported(
                rules,
                "kafka.connect<type=connect-worker-metrics, connector=orders-sink><>"
                    + "connector-running-task-count"))
        .isNull();
  }

  /** "TYPE name" of the first rule that matches, with its groups filled in; null for none. */
  private static String exported(List<Rule> rules, String mbeanAttribute) {
    for (Rule rule : rules) {
      Matcher matcher = rule.pattern().matcher(mbeanAttribute);
      if (matcher.matches()) {
        String name = rule.name();
        for (int g = matcher.groupCount(); g >= 1; g--) {
          name = name.replace("$" + g, matcher.group(g));
        }
        return rule.type() + " " + name;
      }
    }
    return null;
  }
}
