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
            "COPY IAM role");
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
        aws);
  }
}
