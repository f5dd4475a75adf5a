package io.ddbsync.source;

import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import io.ddbsync.source.export.ExportFormat;
import io.ddbsync.source.settings.SnapshotMethod;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The settings of snapshots read from DynamoDB's exports to S3, and of the choice between Scan and
 * export.
 */
public final class ExportSettings {
  public static final String SNAPSHOT_METHOD = "snapshot.method";
  public static final String EXPORT_BUCKET = "snapshot.export.s3.bucket";
  public static final String EXPORT_PREFIX = "snapshot.export.s3.prefix";
  public static final String EXPORT_BUCKET_OWNER = "snapshot.export.s3.bucket.owner";
  public static final String EXPORT_FORMAT = "snapshot.export.format";
  public static final String EXPORT_ARNS = "snapshot.export.arns";
  public static final String EXPORT_POLL_INTERVAL_MS = "snapshot.export.poll.interval.ms";
  public static final String AUTO_SCAN_MAX_HOURS = "snapshot.auto.scan.max.hours";
  static final String EXPORT_GROUP = "Snapshot method";

  private ExportSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
    ConfigGroups.in(def, EXPORT_GROUP)
        .visibleWhen(SourceVisibility.SNAPSHOTS)
        .define(
            SNAPSHOT_METHOD,
            ConfigDef.Type.STRING,
            SnapshotMethod.SCAN.name(),
            Validators.oneOf(SnapshotMethod.class),
            ConfigDef.Importance.HIGH,
            "How a table's snapshot reads it. SCAN: a parallel Scan within the read budget, which"
                + " spends the table's read capacity. EXPORT: DynamoDB's export to S3"
                + " (ExportTableToPointInTime) at the moment the snapshot starts, read from S3 by"
                + " every task; it reads no capacity, needs point-in-time recovery on the table and"
                + " an export bucket (snapshot.export.s3.bucket), and costs DynamoDB's export price"
                + " per GB. AUTO: EXPORT where point-in-time recovery is on and a Scan would take"
                + " longer than snapshot.auto.scan.max.hours, SCAN elsewhere. The choice is made"
                + " when a table's snapshot starts and kept until it ends.",
            "Snapshot method")
        .visibleWhen(SourceVisibility.EXPORTS)
        .define(
            EXPORT_BUCKET,
            ConfigDef.Type.STRING,
            "",
            ConfigDef.Importance.HIGH,
            "The S3 bucket DynamoDB writes exports to, in the tables' region. Needed for EXPORT and"
                + " AUTO (and for stream.lost.position.policy=INCREMENTAL_EXPORT). DynamoDB needs"
                + " s3:PutObject on it; the connector s3:GetObject and s3:ListBucket.",
            "Export bucket")
        .define(
            EXPORT_PREFIX,
            ConfigDef.Type.STRING,
            "ddbsync-exports",
            ConfigDef.Importance.LOW,
            "The key prefix of exports in the bucket. Each export goes under"
                + " <prefix>/<table>/<epoch>-<export time>, so exports never mix. The connector"
                + " never deletes them: set an S3 lifecycle rule on the prefix.",
            "Export prefix")
        .define(
            EXPORT_BUCKET_OWNER,
            ConfigDef.Type.STRING,
            "",
            Validators.matching("\\d{12}", "a 12-digit AWS account id"),
            ConfigDef.Importance.LOW,
            "The AWS account that owns the export bucket, when it is not the tables' account"
                + " (ExportTableToPointInTime's S3BucketOwner). Empty for the same account.",
            "Export bucket owner")
        .define(
            EXPORT_FORMAT,
            ConfigDef.Type.STRING,
            ExportFormat.DYNAMODB_JSON.name(),
            Validators.oneOf(ExportFormat.class),
            ConfigDef.Importance.LOW,
            "The format DynamoDB writes exports in: DYNAMODB_JSON or ION (Amazon Ion text). Both"
                + " give the same change events.",
            "Export format")
        .visibleWhen(ConfigGroups.oneOf(SNAPSHOT_METHOD, "EXPORT", "AUTO"))
        .define(
            EXPORT_ARNS,
            ConfigDef.Type.LIST,
            "",
            Validators.eachMatching(
                "[^=]+=arn:aws[a-z-]*:dynamodb:.+/export/.+", "<table>=<export ARN>"),
            ConfigDef.Importance.LOW,
            "Exports already taken, to snapshot from instead of requesting one: entries such as"
                + " Orders=arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/export/0169...-ab12cd34."
                + " A full export of the same table, completed or running; its export time becomes"
                + " the point the stream is read from, so it must be younger than the stream's"
                + " 24-hour retention when the snapshot ends.",
            "Existing exports")
        .visibleWhen(SourceVisibility.EXPORTS)
        .define(
            EXPORT_POLL_INTERVAL_MS,
            ConfigDef.Type.LONG,
            30_000L,
            ConfigDef.Range.atLeast(1_000),
            ConfigDef.Importance.LOW,
            "How often, in milliseconds, a running export is checked (DescribeExport).",
            "Export check interval (ms)")
        .visibleWhen(ConfigGroups.oneOf(SNAPSHOT_METHOD, "AUTO"))
        .define(
            AUTO_SCAN_MAX_HOURS,
            ConfigDef.Type.DOUBLE,
            2.0,
            ConfigDef.Range.between(0.0, 1_000.0),
            ConfigDef.Importance.MEDIUM,
            "Under snapshot.method=AUTO: the longest a Scan within the read budget may take, in"
                + " hours, before the table is exported instead (where point-in-time recovery is"
                + " on). The Scan's duration is projected from the table's size (DescribeTable)"
                + " and its read budget.",
            "AUTO: longest Scan (hours)");
  }
}
