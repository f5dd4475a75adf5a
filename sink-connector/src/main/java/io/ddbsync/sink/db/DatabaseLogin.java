package io.ddbsync.sink.db;

import java.util.Properties;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * How the task logs in to the database: with the configured user and password, with a login read
 * from AWS Secrets Manager, or (for {@code jdbc:redshift:iam:} URLs) with the connector's AWS
 * credentials, from which the Redshift driver gets temporary database credentials itself.
 */
public interface DatabaseLogin extends AutoCloseable {
  /** The driver properties of the next connection; secrets among them are never logged. */
  Properties properties();

  /** The secret values {@link #properties()} holds, to keep them out of every message. */
  java.util.List<String> secrets();

  /**
   * Forgets what it read after the database refused the login, so that the next connection reads it
   * again (a rotated password); false when there is nothing to read again.
   */
  default boolean refresh() {
    return false;
  }

  /** Releases what it holds (a Secrets Manager client). */
  @Override
  default void close() {}

  /** The Redshift driver's IAM URL forms: jdbc:redshift:iam://... */
  static boolean isIamUrl(String url) {
    return url != null && url.toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:redshift:iam:");
  }

  /** The configured user and password. */
  static DatabaseLogin of(String user, String password) {
    return new DatabaseLogin() {
      @Override
      public Properties properties() {
        Properties properties = new Properties();
        if (user != null && !user.isEmpty()) {
          properties.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
          properties.setProperty("password", password);
        }
        return properties;
      }

      @Override
      public java.util.List<String> secrets() {
        return password == null || password.isEmpty()
            ? java.util.List.of()
            : java.util.List.of(password);
      }
    };
  }

  /**
   * For the Redshift driver's IAM URLs: the connector's AWS credentials (its static keys, the role
   * it assumes, or the default chain), resolved at each connection, as the driver's AccessKeyID,
   * SecretAccessKey and SessionToken; the driver exchanges them for temporary database credentials
   * (GetClusterCredentials, or GetCredentials on Serverless). {@code user} is the database user to
   * get credentials for (DbUser), if set.
   */
  static DatabaseLogin iam(String user, Supplier<AwsCredentialsProvider> credentials) {
    return new DatabaseLogin() {
      private volatile AwsCredentials last;

      @Override
      public Properties properties() {
        Properties properties = new Properties();
        if (user != null && !user.isEmpty()) {
          properties.setProperty("DbUser", user);
        }
        AwsCredentials resolved = credentials.get().resolveCredentials();
        last = resolved;
        properties.setProperty("AccessKeyID", resolved.accessKeyId());
        properties.setProperty("SecretAccessKey", resolved.secretAccessKey());
        if (resolved instanceof AwsSessionCredentials session) {
          properties.setProperty("SessionToken", session.sessionToken());
        }
        return properties;
      }

      @Override
      public java.util.List<String> secrets() {
        AwsCredentials used = last;
        if (used == null) {
          return java.util.List.of();
        }
        return used instanceof AwsSessionCredentials session
            ? java.util.List.of(used.secretAccessKey(), session.sessionToken())
            : java.util.List.of(used.secretAccessKey());
      }
    };
  }
}
