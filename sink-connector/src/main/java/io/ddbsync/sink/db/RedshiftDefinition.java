package io.ddbsync.sink.db;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.common.config.ConfigChecks.Problem;
import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import io.ddbsync.sink.db.RedshiftDialect.Distribution;
import io.ddbsync.sink.db.RedshiftDialect.SortKey;
import io.ddbsync.sink.settings.SinkEnums;
import io.ddbsync.sink.stage.StagingStore;
import java.sql.Driver;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** Redshift before it is created: its URL form, its JDBC driver, its settings and their checks. */
public final class RedshiftDefinition implements DialectDefinition {
  public static final String DISTRIBUTION = "redshift.distribution";
  public static final String SORT_KEY = "redshift.sort.key";
  public static final String COPY_IAM_ROLE = "redshift.copy.iam.role";
  public static final String COPY_FILES = "redshift.copy.files";
  public static final String COPY_FILE_MIN_ROWS = "redshift.copy.file.min.rows";

  /** The COPY role, or null: the setting's value, trimmed. */
  private static String copyIamRole(AbstractConfig config) {
    String role = config.getString(COPY_IAM_ROLE);
    return role == null || role.isBlank() ? null : role.trim();
  }

  @Override
  public SinkEnums.DialectName name() {
    return SinkEnums.DialectName.REDSHIFT;
  }

  @Override
  public String urlPrefix() {
    return "jdbc:redshift:";
  }

  @Override
  public String urlExample() {
    return "jdbc:redshift://cluster.abc.eu-west-1.redshift.amazonaws.com:5439/dev";
  }

  @Override
  public Driver driver() {
    return new com.amazon.redshift.jdbc.Driver();
  }

  @Override
  public void define(ConfigDef def) {
    ConfigGroups.in(def, "Redshift")
        // Shown only with dialect=REDSHIFT (TargetSettings.DIALECT; SettingVisibilityTest).
        .visibleWhen(ConfigGroups.oneOf("dialect", "REDSHIFT"))
        .define(
            DISTRIBUTION,
            ConfigDef.Type.STRING,
            Distribution.KEY.name(),
            Validators.oneOf(Distribution.class),
            ConfigDef.Importance.LOW,
            "Redshift distribution style of the tables the connector creates: KEY on the"
                + " partition key (child tables too, so parent and children join locally), AUTO,"
                + " EVEN or ALL.",
            "Distribution style")
        .define(
            SORT_KEY,
            ConfigDef.Type.STRING,
            SortKey.KEY.name(),
            Validators.oneOf(SortKey.class),
            ConfigDef.Importance.LOW,
            "Redshift sort key of created tables: KEY (the primary key columns), AUTO or NONE.",
            "Sort key")
        .define(
            COPY_IAM_ROLE,
            ConfigDef.Type.STRING,
            "",
            Validators.matching("arn:aws[a-z-]*:iam::\\d{12}:role/.+", "an IAM role ARN"),
            ConfigDef.Importance.HIGH,
            "For the REDSHIFT dialect: the IAM role, associated with the cluster, that COPY uses"
                + " to read the staged files (IAM_ROLE). When empty, COPY uses the connector's"
                + " static AWS keys (CREDENTIALS), which then must be set.",
            "COPY IAM role")
        .define(
            COPY_FILES,
            ConfigDef.Type.STRING,
            "AUTO",
            ConfigDef.CompositeValidator.of(
                new ConfigDef.NonEmptyString(),
                Validators.matching(
                    "(?i)AUTO|[1-9][0-9]{0,2}|10[01][0-9]|102[0-4]",
                    "AUTO or a whole number from 1 to " + RedshiftDialect.MAX_COPY_FILES)),
            ConfigDef.Importance.LOW,
            "How many files a table's rows in one batch are staged as at most, loaded by one COPY"
                + " through a manifest. Redshift gives each file to one slice and does not split"
                + " Parquet files under 128 MB, so a batch staged as one file loads on one slice"
                + " while the others wait. AUTO: as many files as the cluster has slices, counted"
                + " in STV_SLICES when the task first loads (one file where that table cannot be"
                + " read or has no rows: set a number there). A number from 1 to "
                + RedshiftDialect.MAX_COPY_FILES
                + " sets the count; 1 stages every table as one file, without a manifest. A table"
                + " is split only when each file gets at least "
                + COPY_FILE_MIN_ROWS
                + " rows.",
            "COPY files per table")
        .define(
            COPY_FILE_MIN_ROWS,
            ConfigDef.Type.INT,
            RedshiftDialect.CopyFiles.DEFAULT.minRowsPerFile(),
            ConfigDef.Range.atLeast(1),
            ConfigDef.Importance.LOW,
            "The fewest rows, per staged file, for which a table's rows in a batch are split into"
                + " several files: a table with fewer than twice this many rows in a batch is"
                + " staged as one file. Each file costs an S3 upload and the per-file work of the"
                + " COPY; Amazon recommends files of 1 MB to 125 MB after compression, which at the"
                + " default of 20,000 rows a row of a few hundred bytes reaches.",
            "Fewest rows per COPY file");
  }

  @Override
  public List<Problem> problems(AbstractConfig config, AwsSettings aws) {
    if (copyIamRole(config) == null && !aws.hasStaticCredentials() && !aws.assumesRole()) {
      return List.of(
          new Problem(
              COPY_IAM_ROLE,
              "COPY needs a way to read the staged files: set an IAM role associated with the"
                  + " cluster, or give the connector AWS keys ("
                  + AwsSettings.ACCESS_KEY_ID
                  + ") or a role to assume ("
                  + AwsSettings.ROLE_ARN
                  + "), whose credentials COPY then uses"));
    }
    return List.of();
  }

  @Override
  public Dialect create(AbstractConfig config, AwsSettings aws, StagingStore staging) {
    return new RedshiftDialect(
        Validators.parse(Distribution.class, config.getString(DISTRIBUTION)),
        Validators.parse(SortKey.class, config.getString(SORT_KEY)),
        copyIamRole(config),
        aws,
        new RedshiftDialect.CopyFiles(
            config.getString(COPY_FILES).trim().equalsIgnoreCase("AUTO")
                ? 0
                : Integer.parseInt(config.getString(COPY_FILES).trim()),
            config.getInt(COPY_FILE_MIN_ROWS)));
  }
}
