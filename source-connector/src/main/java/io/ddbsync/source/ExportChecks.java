package io.ddbsync.source;

import io.ddbsync.common.config.ConfigChecks.Problem;
import io.ddbsync.source.export.ExportClient;
import io.ddbsync.source.settings.LostPositionPolicy;
import io.ddbsync.source.settings.SnapshotMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What validate() checks when exports are in use (snapshot.method=EXPORT or AUTO, or
 * stream.lost.position.policy=INCREMENTAL_EXPORT): an export bucket the connector may write, list
 * and read, and point-in-time recovery on every table named, each problem on the setting to change
 * and naming the IAM action it needs.
 */
final class ExportChecks {
  private static final Logger LOG = LoggerFactory.getLogger(ExportChecks.class);
  private static final String IAM =
      " The connector's role needs dynamodb:ExportTableToPointInTime, dynamodb:DescribeExport and"
          + " dynamodb:DescribeContinuousBackups on the tables.";

  private ExportChecks() {}

  static List<Problem> check(
      DynamoDbSourceConfig config, Function<DynamoDbSourceConfig, ExportProbe> probes) {
    SnapshotMethod method = config.snapshotMethod();
    boolean heals = config.lostPositionPolicy() == LostPositionPolicy.INCREMENTAL_EXPORT;
    boolean exports = method != SnapshotMethod.SCAN;
    if (!exports && !heals) {
      return List.of();
    }
    List<Problem> problems = new ArrayList<>();
    String bucket = config.exportSettings().bucket();
    if (bucket.isBlank()) {
      problems.add(
          new Problem(
              ExportSettings.EXPORT_BUCKET,
              (exports
                      ? ExportSettings.SNAPSHOT_METHOD + "=" + method
                      : ModeSettings.LOST_POSITION_POLICY + "=INCREMENTAL_EXPORT")
                  + " needs an S3 bucket for DynamoDB's exports, in the tables' region"));
      return problems;
    }
    try (ExportProbe probe = probes.apply(config)) {
      String bucketProblem =
          probe.bucketProblem(
              bucket, config.exportSettings().bucketOwner(), config.exportSettings().prefix());
      if (bucketProblem != null) {
        problems.add(new Problem(ExportSettings.EXPORT_BUCKET, bucketProblem));
      }
      for (String table : config.tables()) {
        ExportClient.PointInTimeRecovery recovery;
        try {
          recovery = probe.recovery(table);
        } catch (SdkException e) {
          problems.add(
              new Problem(
                  ExportSettings.SNAPSHOT_METHOD,
                  "Cannot read the point-in-time recovery of table "
                      + table
                      + ": "
                      + e.getMessage()
                      + "."
                      + IAM));
          continue;
        }
        if (recovery.enabled()) {
          continue;
        }
        String enable =
            " Turn it on: aws dynamodb update-continuous-backups --table-name "
                + table
                + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true";
        if (method == SnapshotMethod.EXPORT) {
          problems.add(
              new Problem(
                  ExportSettings.SNAPSHOT_METHOD,
                  "Table "
                      + table
                      + " has point-in-time recovery off, which exports read from."
                      + enable));
        } else if (heals) {
          problems.add(
              new Problem(
                  ModeSettings.LOST_POSITION_POLICY,
                  "Table "
                      + table
                      + " has point-in-time recovery off, so a lost position cannot be healed from"
                      + " incremental exports (a new snapshot would be taken instead)."
                      + enable
                      + ", or choose "
                      + ModeSettings.LOST_POSITION_POLICY
                      + "=RESNAPSHOT."));
        } else {
          LOG.info(
              "Table {}: point-in-time recovery is off, so AUTO snapshots it with a Scan", table);
        }
      }
    } catch (Exception e) {
      problems.add(
          new Problem(ExportSettings.EXPORT_BUCKET, "Cannot check exports: " + e.getMessage()));
    }
    return problems;
  }
}
