package io.ddbsync.sink.it;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.TargetSettings;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Logging in as users of a real cluster do: with a login stored in AWS Secrets Manager, and with
 * the Redshift driver's IAM URL, which gets temporary database credentials from AWS
 * (GetClusterCredentials; moto answers it) with the connector's AWS credentials.
 */
class DatabaseLoginIT {
  private final List<String> deadLetters = new ArrayList<>();

  @BeforeAll
  static void stack() {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
  }

  @ParameterizedTest
  @EnumSource(DialectName.class)
  void theLoginComesFromASecretsManagerSecret(DialectName dialect) throws Exception {
    String db = PostgresServer.shared().createDatabase();
    String secret = "ddbsync/warehouse-" + dialect + "-" + System.nanoTime();
    try (SecretsManagerClient secrets = secretsManager()) {
      secrets.createSecret(
          b ->
              b.name(secret)
                  .secretString(
                      "{\"username\":\"" + PostgresServer.USER + "\",\"password\":\"unused\"}"));
    }
    SinkStack.load(
        dialect,
        db,
        Map.of(
            TargetSettings.CONNECTION_USER, "",
            TargetSettings.CONNECTION_PASSWORD, "",
            TargetSettings.CONNECTION_SECRET_ID, secret),
        deadLetters,
        List.of(SinkEvents.orders().read(item("OrderId", s("o-1")), 0, 0)));

    assertThat(SinkStack.rows(db, "SELECT order_id FROM orders")).containsExactly(List.of("o-1"));
  }

  @Test
  void anIamUrlLogsInWithTemporaryCredentialsFromGetClusterCredentials() throws Exception {
    String db = PostgresServer.shared().createDatabase();
    String cluster = "ddbsync-" + System.nanoTime();
    URI moto = MotoServer.sharedOrSkip().endpoint();
    try (RedshiftClient redshift =
        RedshiftClient.builder()
            .endpointOverride(moto)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      redshift.createCluster(
          b ->
              b.clusterIdentifier(cluster)
                  .nodeType("ra3.xlplus")
                  .masterUsername("admin")
                  .masterUserPassword("Passw0rd-unused")
                  .dbName(db));
    }
    int before = SinkStack.standIn().iamLogins().size();
    String url =
        "jdbc:redshift:iam://127.0.0.1:"
            + SinkStack.standIn().port()
            + "/"
            + db
            + "?ssl=true&sslfactory=com.amazon.redshift.ssl.NonValidatingFactory&ClusterID="
            + cluster
            + "&Region=us-east-1&AutoCreate=true&EndpointUrl="
            + moto;
    SinkStack.load(
        DialectName.REDSHIFT,
        db,
        Map.of(
            TargetSettings.CONNECTION_URL, url,
            TargetSettings.CONNECTION_USER, "ddbsync",
            TargetSettings.CONNECTION_PASSWORD, ""),
        deadLetters,
        List.of(SinkEvents.orders().read(item("OrderId", s("o-1")), 0, 0)));

    assertThat(SinkStack.rows(db, "SELECT order_id FROM orders")).containsExactly(List.of("o-1"));
    assertThat(
            SinkStack.standIn().iamLogins().subList(before, SinkStack.standIn().iamLogins().size()))
        .isNotEmpty()
        .allMatch(user -> user.matches("IAM[A-Z]*:ddbsync"));
  }

  /**
   * A Serverless IAM URL makes the driver call Redshift Serverless' GetCredentials. moto does not
   * implement it (it answers with an error), which is enough to show that the client the archive
   * carries (redshiftserverless 2.42.32, the newest on Maven Central, with the 2.57.8 SDK core)
   * builds, signs and sends the request rather than failing to link.
   */
  @Test
  void theServerlessClientTheDriverNeedsRunsOnThisSdk() {
    try (software.amazon.awssdk.services.redshiftserverless.RedshiftServerlessClient serverless =
        software.amazon.awssdk.services.redshiftserverless.RedshiftServerlessClient.builder()
            .endpointOverride(MotoServer.sharedOrSkip().endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> serverless.getCredentials(b -> b.workgroupName("wg-1").dbName("dev")))
          .isInstanceOf(software.amazon.awssdk.awscore.exception.AwsServiceException.class)
          .satisfies(
              e ->
                  assertThat(
                          ((software.amazon.awssdk.awscore.exception.AwsServiceException) e)
                              .statusCode())
                      .isGreaterThanOrEqualTo(400));
    }
  }

  private static SecretsManagerClient secretsManager() {
    return SecretsManagerClient.builder()
        .endpointOverride(MotoServer.sharedOrSkip().endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }
}
