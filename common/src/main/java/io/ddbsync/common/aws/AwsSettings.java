package io.ddbsync.common.aws;

import io.ddbsync.common.config.ConfigGroups;
import io.ddbsync.common.config.Validators;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * AWS client settings both connectors share: region, endpoint override, credentials (the SDK's
 * default chain unless keys are given), optional role assumption, timeouts and retries. Secrets are
 * PASSWORD settings: Connect masks them in its REST API and logs, and nothing here prints them.
 */
public final class AwsSettings implements AutoCloseable {
  public static final String GROUP = "AWS";

  public static final String REGION = "aws.region";
  public static final String ENDPOINT = "aws.endpoint.url";
  public static final String ACCESS_KEY_ID = "aws.access.key.id";
  public static final String SECRET_ACCESS_KEY = "aws.secret.access.key";
  public static final String SESSION_TOKEN = "aws.session.token";
  public static final String ROLE_ARN = "aws.role.arn";
  public static final String ROLE_SESSION_NAME = "aws.role.session.name";
  public static final String ROLE_EXTERNAL_ID = "aws.role.external.id";
  public static final String API_CALL_TIMEOUT_MS = "aws.api.call.timeout.ms";
  public static final String API_CALL_ATTEMPT_TIMEOUT_MS = "aws.api.call.attempt.timeout.ms";
  public static final String MAX_ATTEMPTS = "aws.max.attempts";

  private final String region;
  private final String endpoint;
  private final String accessKeyId;
  private final Password secretAccessKey;
  private final Password sessionToken;
  private final String roleArn;
  private final String roleSessionName;
  private final Password roleExternalId;
  private final Duration apiCallTimeout;
  private final Duration apiCallAttemptTimeout;
  private final int maxAttempts;

  public AwsSettings(AbstractConfig config) {
    this.region = emptyToNull(config.getString(REGION));
    this.endpoint = emptyToNull(config.getString(ENDPOINT));
    this.accessKeyId = emptyToNull(config.getString(ACCESS_KEY_ID));
    this.secretAccessKey = config.getPassword(SECRET_ACCESS_KEY);
    this.sessionToken = config.getPassword(SESSION_TOKEN);
    this.roleArn = emptyToNull(config.getString(ROLE_ARN));
    this.roleSessionName = config.getString(ROLE_SESSION_NAME);
    this.roleExternalId = config.getPassword(ROLE_EXTERNAL_ID);
    this.apiCallTimeout = Duration.ofMillis(config.getLong(API_CALL_TIMEOUT_MS));
    this.apiCallAttemptTimeout = Duration.ofMillis(config.getLong(API_CALL_ATTEMPT_TIMEOUT_MS));
    this.maxAttempts = config.getInt(MAX_ATTEMPTS);
  }

  public static void define(ConfigDef def, String servicesDescription) {
    ConfigGroups.in(def, GROUP)
        .define(
            REGION,
            ConfigDef.Type.STRING,
            "",
            ConfigDef.Importance.HIGH,
            "The AWS region of "
                + servicesDescription
                + ", for example us-east-1. Empty uses the"
                + " AWS SDK's default region chain (the AWS_REGION environment variable, the"
                + " profile, instance metadata).",
            "Region")
        .define(
            ENDPOINT,
            ConfigDef.Type.STRING,
            "",
            Validators.httpUrl(),
            ConfigDef.Importance.LOW,
            "An endpoint URL that replaces the AWS endpoint of every service this connector calls,"
                + " for VPC endpoints or local emulators such as moto. Empty uses AWS's endpoints.",
            "Endpoint override")
        .define(
            ACCESS_KEY_ID,
            ConfigDef.Type.STRING,
            "",
            ConfigDef.Importance.MEDIUM,
            "An access key ID for static credentials. Empty uses the AWS SDK's default credential"
                + " chain (environment, web identity, profile, container and instance roles), which"
                + " is the recommended way.",
            "Access key ID")
        .define(
            SECRET_ACCESS_KEY,
            ConfigDef.Type.PASSWORD,
            "",
            ConfigDef.Importance.MEDIUM,
            "The secret access key that goes with " + ACCESS_KEY_ID + ". Never logged.",
            "Secret access key")
        .define(
            SESSION_TOKEN,
            ConfigDef.Type.PASSWORD,
            "",
            ConfigDef.Importance.LOW,
            "A session token for temporary static credentials. Never logged.",
            "Session token")
        .define(
            ROLE_ARN,
            ConfigDef.Type.STRING,
            "",
            Validators.matching("arn:aws[a-z-]*:iam::\\d{12}:role/.+", "an IAM role ARN"),
            ConfigDef.Importance.MEDIUM,
            "An IAM role to assume with STS on top of the credentials above, for cross-account"
                + " access. The assumed credentials are refreshed before they expire.",
            "Role to assume")
        .define(
            ROLE_SESSION_NAME,
            ConfigDef.Type.STRING,
            "ddbsync",
            ConfigDef.Importance.LOW,
            "The session name used when assuming " + ROLE_ARN + "; it appears in CloudTrail.",
            "Role session name")
        .define(
            ROLE_EXTERNAL_ID,
            ConfigDef.Type.PASSWORD,
            "",
            ConfigDef.Importance.LOW,
            "The external ID the role's trust policy requires, if any. Never logged.",
            "Role external ID")
        .define(
            API_CALL_TIMEOUT_MS,
            ConfigDef.Type.LONG,
            60_000L,
            ConfigDef.Range.atLeast(1_000),
            ConfigDef.Importance.LOW,
            "How long one AWS API call may take in milliseconds, retries included.",
            "API call timeout (ms)")
        .define(
            API_CALL_ATTEMPT_TIMEOUT_MS,
            ConfigDef.Type.LONG,
            20_000L,
            ConfigDef.Range.atLeast(500),
            ConfigDef.Importance.LOW,
            "How long one attempt of an AWS API call may take in milliseconds.",
            "API call attempt timeout (ms)")
        .define(
            MAX_ATTEMPTS,
            ConfigDef.Type.INT,
            8,
            ConfigDef.Range.between(1, 50),
            ConfigDef.Importance.LOW,
            "How many times the AWS SDK tries one call (with exponential backoff and jitter,"
                + " longer for throttling) before the connector's own retry handling takes over.",
            "Attempts per call");
  }

  /** Field-level problems a ConfigDef cannot express: settings that only make sense together. */
  public List<Map.Entry<String, String>> crossFieldErrors() {
    List<Map.Entry<String, String>> errors = new ArrayList<>();
    boolean hasSecret = secretAccessKey != null && !secretAccessKey.value().isEmpty();
    if (accessKeyId != null && !hasSecret) {
      errors.add(Map.entry(SECRET_ACCESS_KEY, "is required when " + ACCESS_KEY_ID + " is set"));
    }
    if (accessKeyId == null && hasSecret) {
      errors.add(Map.entry(ACCESS_KEY_ID, "is required when " + SECRET_ACCESS_KEY + " is set"));
    }
    return errors;
  }

  public String region() {
    return region;
  }

  public String endpoint() {
    return endpoint;
  }

  public boolean hasStaticCredentials() {
    return accessKeyId != null;
  }

  /** Whether the connector assumes {@code aws.role.arn} with its base credentials. */
  public boolean assumesRole() {
    return roleArn != null;
  }

  public String accessKeyId() {
    return accessKeyId;
  }

  public Password secretAccessKey() {
    return secretAccessKey;
  }

  public Password sessionToken() {
    return sessionToken;
  }

  /** Applies region, endpoint, credentials, timeouts and retries to any SDK client builder. */
  public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
    if (region != null) {
      builder.region(Region.of(region));
    }
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    builder.credentialsProvider(credentialsProvider());
    builder.overrideConfiguration(overrideConfiguration());
    return builder;
  }

  public ClientOverrideConfiguration overrideConfiguration() {
    return ClientOverrideConfiguration.builder()
        .apiCallTimeout(apiCallTimeout)
        .apiCallAttemptTimeout(apiCallAttemptTimeout)
        .retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
        .build();
  }

  // One provider for every client these settings configure: the SDK does not close a provider it
  // is given, so one per client would leave an STS client and its connections behind per client.
  private AwsCredentialsProvider sharedProvider;
  private StsClient stsClient;

  /**
   * The credentials provider of the clients these settings configure (the same one each time);
   * closed by {@link #close()}.
   */
  public synchronized AwsCredentialsProvider credentialsProvider() {
    if (sharedProvider == null) {
      sharedProvider = newCredentialsProvider();
    }
    return sharedProvider;
  }

  /**
   * Closes the credentials provider (an assumed role's STS client), once the clients are closed.
   */
  @Override
  public synchronized void close() {
    if (sharedProvider instanceof software.amazon.awssdk.utils.SdkAutoCloseable closeable) {
      closeable.close();
    }
    if (stsClient != null) {
      stsClient.close();
    }
    sharedProvider = null;
    stsClient = null;
  }

  private AwsCredentialsProvider newCredentialsProvider() {
    AwsCredentialsProvider base = baseCredentials();
    if (roleArn == null) {
      return base;
    }
    StsClient sts =
        stsClient =
            StsClient.builder()
                .credentialsProvider(base)
                .region(region == null ? null : Region.of(region))
                .endpointOverride(endpoint == null ? null : URI.create(endpoint))
                .build();
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(
            request -> {
              request.roleArn(roleArn).roleSessionName(roleSessionName);
              if (roleExternalId != null && !roleExternalId.value().isEmpty()) {
                request.externalId(roleExternalId.value());
              }
            })
        .build();
  }

  private AwsCredentialsProvider baseCredentials() {
    if (accessKeyId == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    String token = sessionToken == null ? "" : sessionToken.value();
    return StaticCredentialsProvider.create(
        token.isEmpty()
            ? AwsBasicCredentials.create(accessKeyId, secretAccessKey.value())
            : AwsSessionCredentials.create(accessKeyId, secretAccessKey.value(), token));
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
