package io.ddbsync.sink.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.connect.errors.ConnectException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The database login from an AWS Secrets Manager secret: JSON with {@code username} and {@code
 * password}, the format of Secrets Manager's Redshift and RDS credentials secrets. Read when first
 * needed and again after the database refused it, so that a rotated password is picked up without a
 * restart.
 */
public final class SecretsManagerLogin implements DatabaseLogin {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SecretsManagerClient client;
  private final String secretId;
  private volatile String user;
  private volatile String password;

  public SecretsManagerLogin(SecretsManagerClient client, String secretId) {
    this.client = client;
    this.secretId = secretId;
  }

  @Override
  public synchronized Properties properties() {
    if (password == null) {
      read();
    }
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return properties;
  }

  @Override
  public List<String> secrets() {
    String current = password;
    return current == null ? List.of() : List.of(current);
  }

  @Override
  public synchronized boolean refresh() {
    password = null;
    return true;
  }

  @Override
  public void close() {
    client.close();
  }

  private void read() {
    String text;
    try {
      text = client.getSecretValue(b -> b.secretId(secretId)).secretString();
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      if (io.ddbsync.common.aws.AwsErrors.classify(e)
          != io.ddbsync.common.aws.AwsErrors.Kind.FATAL) {
        // Throttling, a 5xx, a network error: the load that needed the login is retried.
        throw e;
      }
      throw new ConnectException(
          "Cannot read secret "
              + secretId
              + " from AWS Secrets Manager (connection.secret.id): "
              + e.getMessage()
              + ". The connector's AWS identity needs secretsmanager:GetSecretValue on it (and"
              + " kms:Decrypt if it is encrypted with a customer managed key).",
          e);
    }
    JsonNode login;
    try {
      login = text == null ? null : JSON.readTree(text);
    } catch (IOException e) {
      login = null;
    }
    if (login == null
        || !login.path("username").isTextual()
        || !login.path("password").isTextual()) {
      // Never the secret's text in a message: it is the password.
      throw new ConnectException(
          "Secret "
              + secretId
              + " (connection.secret.id) is not JSON with string fields username and password, as"
              + " Secrets Manager's Redshift and RDS credentials secrets are.");
    }
    user = login.get("username").asText();
    password = login.get("password").asText();
  }
}
