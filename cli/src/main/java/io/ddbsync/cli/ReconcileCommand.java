package io.ddbsync.cli;

import io.ddbsync.cli.reconcile.TableReconciler;
import io.ddbsync.cli.report.HtmlReport;
import io.ddbsync.cli.report.JsonReport;
import io.ddbsync.cli.report.ReconcileReport;
import io.ddbsync.cli.report.TableReport;
import io.ddbsync.cli.report.TextReport;
import io.ddbsync.source.catalog.TableInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ddbsync reconcile}: DynamoDB against the warehouse, key by key, column by column. */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Compares DynamoDB tables with the rows the sink wrote, key by key and column by column, with"
          + " the sink's own mapping (naming, flattening, child tables, type-conflict columns, soft"
          + " deletes). Reads DynamoDB with a budgeted Scan under the source's read-budget rules.",
      "Keys that differ are read again from both sides after the settle time; only those that"
          + " still differ are reported."
    })
final class ReconcileCommand implements Callable<Integer> {
  @Mixin ConnectorOptions connectors;

  @Spec CommandSpec spec;

  @Option(
      names = "--table",
      paramLabel = "NAME",
      description =
          "A DynamoDB table to compare (repeatable; default: every table of the source configuration).")
  List<String> tables = new ArrayList<>();

  @Option(
      names = "--sample-percent",
      paramLabel = "PERCENT",
      defaultValue = "100",
      description =
          "Reads this share of the table's scan segments, chosen at random (default: ${DEFAULT-VALUE}, the whole table). A sample finds missing and different rows but not extra ones.")
  double samplePercent;

  @Option(
      names = "--segments",
      paramLabel = "N",
      defaultValue = "64",
      description =
          "Scan segments the table is divided into; a sample reads some of them (default: ${DEFAULT-VALUE}).")
  int segments;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the sample's choice of segments, to repeat a sample.")
  Long seed;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "Segments read at once (default: ${DEFAULT-VALUE}); the read budget holds for all of them together.")
  int parallelism;

  @Option(
      names = "--page-size",
      paramLabel = "N",
      defaultValue = "500",
      description = "Items per Scan page, compared together (default: ${DEFAULT-VALUE}).")
  int pageSize;

  @Option(
      names = "--budget-percent",
      paramLabel = "PERCENT",
      description =
          "Share of a provisioned table's read capacity the comparison may use (default: the source's snapshot.read.budget.percent).")
  Double budgetPercent;

  @Option(
      names = "--budget-rcu",
      paramLabel = "RCU",
      description =
          "Read units per second the comparison may use on an on-demand table (default: the source's snapshot.read.budget.rcu).")
  Double budgetRcu;

  @Option(
      names = "--settle-seconds",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "How long to wait before reading a differing key again, for changes still on their way (default: ${DEFAULT-VALUE}).")
  long settleSeconds;

  @Option(
      names = "--examples",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "Examples shown of each kind of difference per table (default: ${DEFAULT-VALUE}).")
  int examples;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description =
          "Also writes the report as JSON to FILE ('-' for standard output, instead of the text).")
  Path json;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also writes the report as an HTML page with a chart per table.")
  Path html;

  @Option(
      names = "--from-export",
      paramLabel = "EXPORT_ARN",
      description =
          "Compares with a completed full export (ExportTableToPointInTime) instead of a Scan: no read capacity. Rows changed after the export's time (by their event time) are compared with the live item, one GetItem each. Needs --table.")
  String fromExport;

  @Option(
      names = "--export-time",
      paramLabel = "ISO-8601",
      description =
          "The point in time the export is an image of, when DescribeExport does not state it (DynamoDB always does; emulators may not), e.g. 2026-12-07T10:00:00Z.")
  java.time.Instant exportTime;

  @Option(names = "--no-progress", description = "No progress line on standard error.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    if (samplePercent <= 0 || samplePercent > 100) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--sample-percent must be above 0 and at most 100");
    }
    if (fromExport != null && tables.size() != 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--from-export compares one table: give it with --table");
    }
    Instant started = Instant.now();
    Progress progress = new Progress(System.err, !noProgress);
    List<TableReport> reports = new ArrayList<>();
    String warehouse;
    try (SourceSide source =
            new SourceSide(
                connectors.sourceConfig(),
                budgetPercent == null ? Double.NaN : budgetPercent,
                budgetRcu == null ? Double.NaN : budgetRcu);
        SinkSide sink = new SinkSide(connectors.sinkConfig())) {
      warehouse =
          sink.config().dialect().name().toLowerCase(java.util.Locale.ROOT)
              + " schema "
              + sink.config().targetSchema();
      for (TableInfo table : source.tables(tables)) {
        List<Integer> chosen = chooseSegments();
        TableReconciler.Settings settings =
            new TableReconciler.Settings(
                fromExport != null ? "EXPORT" : chosen.size() == segments ? "FULL" : "SAMPLE",
                chosen,
                segments,
                pageSize,
                parallelism,
                Duration.ofSeconds(settleSeconds),
                examples);
        progress.start(table.name(), table.itemCount() * chosen.size() / segments);
        TableReport report =
            new TableReconciler(sink.expectedRows(), sink.warehouse(), source, settings, progress)
                .run(
                    table,
                    source.model(table),
                    source.topicOf(table.name()),
                    fromExport == null
                        ? null
                        : source.image(table, fromExport, exportTime, pageSize));
        progress.finish(table.name(), report.items());
        reports.add(report);
      }
    }
    ReconcileReport report =
        new ReconcileReport(
            started.toString(),
            Duration.between(started, Instant.now()).toMillis() / 1000.0,
            warehouse,
            reports);
    if (json != null && json.toString().equals("-")) {
      System.out.println(JsonReport.render(report));
    } else {
      System.out.print(TextReport.render(report));
      if (json != null) {
        Files.writeString(json, JsonReport.render(report), StandardCharsets.UTF_8);
      }
    }
    if (html != null) {
      Files.writeString(html, HtmlReport.reconcile(report), StandardCharsets.UTF_8);
    }
    return report.matches() ? Ddbsync.MATCH : Ddbsync.DIFFERENT;
  }

  private List<Integer> chooseSegments() {
    List<Integer> all = new ArrayList<>();
    for (int s = 0; s < segments; s++) {
      all.add(s);
    }
    int wanted = (int) Math.ceil(segments * samplePercent / 100.0);
    if (wanted >= segments) {
      return all;
    }
    Collections.shuffle(all, seed == null ? new Random() : new Random(seed));
    List<Integer> chosen = new ArrayList<>(all.subList(0, wanted));
    Collections.sort(chosen);
    return chosen;
  }
}
