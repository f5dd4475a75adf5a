package io.ddbsync.sink;

import io.ddbsync.common.config.ConfigChecks.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of Kafka Connect's own settings given to this connector (converters, error handling) that
 * would otherwise show only as every record in the dead letter queue, or as records dropped without
 * a trace: the sink needs each record's key and value with their schemas, which schemaless and
 * primitive converters do not carry.
 */
final class FrameworkSettingChecks {
  static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

  /** Converters that turn a record into a string, bytes or a number: no envelope, no key struct. */
  private static final Set<String> PRIMITIVE_CONVERTERS =
      Set.of(
          "org.apache.kafka.connect.storage.StringConverter",
          "org.apache.kafka.connect.converters.ByteArrayConverter",
          "org.apache.kafka.connect.converters.BooleanConverter",
          "org.apache.kafka.connect.converters.DoubleConverter",
          "org.apache.kafka.connect.converters.FloatConverter",
          "org.apache.kafka.connect.converters.IntegerConverter",
          "org.apache.kafka.connect.converters.LongConverter",
          "org.apache.kafka.connect.converters.ShortConverter");

  private FrameworkSettingChecks() {}

  static List<Problem> problems(Map<String, String> props) {
    List<Problem> problems = new ArrayList<>();
    converter(props, "key", "the record key (the item's key struct)", problems);
    converter(props, "value", "the change-event envelope", problems);
    errorHandling(props, problems);
    return problems;
  }

  private static void converter(
      Map<String, String> props, String side, String carries, List<Problem> problems) {
    String setting = side + ".converter";
    String converter = trimmed(props.get(setting));
    if (converter == null) {
      return;
    }
    if (PRIMITIVE_CONVERTERS.contains(converter)) {
      problems.add(
          new Problem(
              setting,
              converter
                  + " cannot carry "
                  + carries
                  + ": use the converter the source connector writes with (io.ddbsync.avro"
                  + ".AvroConverter, or "
                  + JSON_CONVERTER
                  + " with "
                  + setting
                  + ".schemas.enable=true), or remove "
                  + setting
                  + " to use the worker's."));
      return;
    }
    String schemasEnable = setting + ".schemas.enable";
    if (converter.equals(JSON_CONVERTER)
        && "false".equalsIgnoreCase(trimmed(props.get(schemasEnable)))) {
      problems.add(
          new Problem(
              schemasEnable,
              "JSON without schemas cannot carry "
                  + carries
                  + ": the sink needs the schema with each record. Set "
                  + schemasEnable
                  + "=true here and on the source connector (records it wrote without schemas"
                  + " cannot be read back with them), or use io.ddbsync.avro.AvroConverter."));
    }
  }

  /**
   * errors.tolerance=all without a dead letter queue topic: Kafka Connect drops the records the
   * sink refuses, and says so only with errors.log.enable=true.
   */
  private static void errorHandling(Map<String, String> props, List<Problem> problems) {
    boolean tolerant = "all".equalsIgnoreCase(trimmed(props.get("errors.tolerance")));
    String deadLetters = trimmed(props.get("errors.deadletterqueue.topic.name"));
    boolean logged = "true".equalsIgnoreCase(trimmed(props.get("errors.log.enable")));
    if (tolerant && (deadLetters == null || deadLetters.isEmpty()) && !logged) {
      problems.add(
          new Problem(
              "errors.tolerance",
              "errors.tolerance=all without errors.deadletterqueue.topic.name drops every record"
                  + " the sink refuses without a trace. Set errors.deadletterqueue.topic.name (and"
                  + " errors.deadletterqueue.context.headers.enable=true to keep the reason), or"
                  + " errors.log.enable=true with errors.log.include.messages=true to at least"
                  + " log them, or errors.tolerance=none to stop on the first one."));
    }
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }
}
