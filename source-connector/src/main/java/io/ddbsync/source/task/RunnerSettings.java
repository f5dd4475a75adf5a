package io.ddbsync.source.task;

import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.source.emit.ChangeRecords;
import io.ddbsync.source.export.ExportFormat;
import io.ddbsync.source.snapshot.ExportSnapshot;
import io.ddbsync.source.snapshot.SegmentScanner;
import io.ddbsync.source.stream.TableStreamReader;
import java.time.Duration;
import java.util.Map;

/**
 * The settings a task's readers run with, taken from the connector's configuration so that the
 * readers never depend on the configuration class: each reader's own settings record as it is
 * handed to it, and what the runner itself decides.
 *
 * @param records how change events become records
 * @param snapshot the settings of each segment's scan
 * @param snapshotParallelism how many of the task's segments are scanned at once
 * @param stream the settings of each table's stream reader
 * @param model how items become typed change events
 * @param readerRestartBackoff the first wait before a reader that failed retriably starts again
 * @param export where exports go and how they are read, for snapshots read from exports
 */
public record RunnerSettings(
    ChangeRecords.Settings records,
    SegmentScanner.Settings snapshot,
    int snapshotParallelism,
    TableStreamReader.Settings stream,
    ModelSettings model,
    Duration readerRestartBackoff,
    ExportSnapshot.Settings export) {

  public RunnerSettings(
      ChangeRecords.Settings records,
      SegmentScanner.Settings snapshot,
      int snapshotParallelism,
      TableStreamReader.Settings stream,
      ModelSettings model,
      Duration readerRestartBackoff) {
    this(
        records,
        snapshot,
        snapshotParallelism,
        stream,
        model,
        readerRestartBackoff,
        new ExportSnapshot.Settings(
            "",
            "ddbsync-exports",
            null,
            ExportFormat.DYNAMODB_JSON,
            Map.of(),
            Duration.ofSeconds(30)));
  }
}
