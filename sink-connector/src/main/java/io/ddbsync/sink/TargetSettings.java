package io.ddbsync.sink;

import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import io.ddbsync.sink.db.DialectDefinition;
import io.ddbsync.sink.db.Dialects;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import org.apache.kafka.common.config.ConfigDef;

/** The settings of the target: the dialect, the database, its login and timeouts, the schema. */
public final class TargetSettings {
  public static final String DIALECT = "dialect";
  public static final String CONNECTION_URL = "connection.url";
  public static final String CONNECTION_USER = "connection.user";
  public static final String CONNECTION_PASSWORD = "connection.password";
  public static final String CONNECTION_SECRET_ID = "connection.secret.id";
  public static final String CONNECTION_TIMEOUT_MS = "connection.timeout.ms";
  public static final String STATEMENT_TIMEOUT_MS = "statement.timeout.ms";
  public static final String TARGET_SCHEMA = "target.schema";

  /** What the sink quotes as an identifier: lower case, at most 63 characters. */
  private static final String LOWER_IDENTIFIER = "[a-z_][a-z0-9_]{0,62}";

  private TargetSettings() {}

  /** Defines the settings of the group in {@code def}. */
  static void define(ConfigDef def) {
    ConfigGroups.in(def, "Target")
        .define(
            DIALECT,
            ConfigDef.Type.STRING,
            DialectName.REDSHIFT.name(),
            Validators.oneOf(DialectName.class),
            ConfigDef.Importance.HIGH,
            "REDSHIFT loads each batch with COPY ... FROM 's3://...' FORMAT AS PARQUET into a staging"
                + " table; POSTGRES loads the same staged Parquet object itself with COPY FROM STDIN."
                + " Both then apply the batch with MERGE and DELETE in one transaction.",
            "Dialect")
        .required(
            CONNECTION_URL,
            ConfigDef.Type.STRING,
            Validators.matching(urlPattern(), urlForms() + " URL"),
            ConfigDef.Importance.HIGH,
            "The JDBC URL of the database, for example "
                + String.join(
                    " or ", Dialects.all().stream().map(DialectDefinition::urlExample).toList())
                + ". Redshift also takes the driver's IAM forms, which log in with temporary"
                + " credentials from AWS (no password): jdbc:redshift:iam://<cluster"
                + " endpoint>:5439/<database> for a provisioned cluster (GetClusterCredentials) and"
                + " jdbc:redshift:iam://<workgroup>.<account>.<region>.redshift-serverless.amazonaws.com:5439/<database>"
                + " for Redshift Serverless (GetCredentials); the driver uses the connector's AWS"
                + " credentials (aws.*).",
            "JDBC URL")
        .define(
            CONNECTION_USER,
            ConfigDef.Type.STRING,
            "",
            ConfigDef.Importance.HIGH,
            "The database user. It needs CREATE on the target schema, and ownership of the tables the"
                + " connector created (to add columns). With an IAM URL (jdbc:redshift:iam://...) it is"
                + " the user the driver gets temporary credentials for (DbUser), if the URL names"
                + " none.",
            "User")
        .define(
            CONNECTION_PASSWORD,
            ConfigDef.Type.PASSWORD,
            "",
            ConfigDef.Importance.HIGH,
            "The database user's password. Never logged. Leave it empty with an IAM URL, which"
                + " logs in with temporary credentials the Redshift driver gets from AWS with the"
                + " connector's AWS settings (aws.*), and with connection.secret.id.",
            "Password")
        .define(
            CONNECTION_SECRET_ID,
            ConfigDef.Type.STRING,
            "",
            ConfigDef.Importance.MEDIUM,
            "An AWS Secrets Manager secret (its name or ARN) that holds the database login as JSON"
                + " with username and password, the format of Secrets Manager's Redshift and RDS"
                + " credentials secrets. When set, connection.user and connection.password stay"
                + " empty. The secret is read with the connector's AWS settings (aws.*) when the"
                + " task first connects, and again whenever the database refuses the login, so a"
                + " rotated password is picked up without a restart. Needs"
                + " secretsmanager:GetSecretValue on the secret (and kms:Decrypt on a customer"
                + " managed key).",
            "Login secret")
        .define(
            CONNECTION_TIMEOUT_MS,
            ConfigDef.Type.LONG,
            30_000L,
            ConfigDef.Range.atLeast(1_000),
            ConfigDef.Importance.LOW,
            "How long, in milliseconds, opening a database connection and logging in may take"
                + " before the attempt fails and is retried.",
            "Connection timeout (ms)")
        .define(
            STATEMENT_TIMEOUT_MS,
            ConfigDef.Type.LONG,
            600_000L,
            ConfigDef.Range.atLeast(1_000),
            ConfigDef.Importance.LOW,
            "How long, in milliseconds, one statement of a load (a COPY, a MERGE, waiting for"
                + " another task's load of the same tables) may run before the database cancels it"
                + " and the load is retried; set on each session as statement_timeout. A"
                + " connection that stops answering (a NAT gateway or load balancer that dropped"
                + " it silently) is given up after twice this time, at most one minute more, and"
                + " the load is retried on a new connection, which also ends the old one's session"
                + " if the database still keeps it. Raise it if single batches take longer to COPY"
                + " or MERGE.",
            "Statement timeout (ms)")
        .define(
            TARGET_SCHEMA,
            ConfigDef.Type.STRING,
            "public",
            Validators.matching(
                LOWER_IDENTIFIER,
                "a lower-case SQL identifier of at most 63 characters ([a-z_][a-z0-9_]*)"),
            ConfigDef.Importance.MEDIUM,
            "The database schema where target tables are created and loaded. It must exist. The"
                + " sink quotes every identifier, so the name is taken as written, in lower case.",
            "Target schema");
  }

  /** A URL of any dialect: jdbc:redshift:..., jdbc:postgresql:... */
  private static String urlPattern() {
    return "("
        + String.join(
            "|",
            Dialects.all().stream().map(d -> java.util.regex.Pattern.quote(d.urlPrefix())).toList())
        + ").+";
  }

  private static String urlForms() {
    return "a "
        + String.join(" or ", Dialects.all().stream().map(DialectDefinition::urlPrefix).toList());
  }
}
