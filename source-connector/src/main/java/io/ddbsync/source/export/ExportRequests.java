package io.ddbsync.source.export;

import io.ddbsync.common.aws.AwsRetry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Requests an export of one table and waits for it, both under the one AWS retry rule (throttling
 * for as long as it takes, transient failures a few times, fatal ones never): the mechanics shared
 * by snapshots from exports and heals from incremental exports.
 */
public final class ExportRequests {
  private static final Logger LOG = LoggerFactory.getLogger(ExportRequests.class);
  private static final String DEFAULT_PREFIX = "ddbsync-exports";
  private static final String IAM =
      ". The connector's role needs dynamodb:ExportTableToPointInTime, dynamodb:DescribeExport and"
          + " dynamodb:DescribeContinuousBackups on the table, and the table needs point-in-time"
          + " recovery on (aws dynamodb update-continuous-backups --table-name %s"
          + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true).";

  /** Told about a running export at every check. */
  @FunctionalInterface
  public interface Progress {
    void running(ExportDescription running, long elapsedMillis);
  }

  private final String table;
  private final ExportClient exports;
  private final Duration pollInterval;
  private final Clock clock;
  private final BooleanSupplier running;
  private final AwsRetry retry = new AwsRetry(Duration.ofSeconds(1), Duration.ofMinutes(1));

  public ExportRequests(
      String table,
      ExportClient exports,
      Duration pollInterval,
      Clock clock,
      BooleanSupplier running) {
    this.table = table;
    this.exports = exports;
    this.pollInterval = pollInterval;
    this.clock = clock;
    this.running = running;
  }

  /** The configured prefix, without surrounding slashes, and {@code parts} below it. */
  public static String prefix(String configured, String... parts) {
    String root = configured == null ? "" : configured.strip();
    while (root.startsWith("/")) {
      root = root.substring(1);
    }
    while (root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
    return (root.isEmpty() ? DEFAULT_PREFIX : root) + "/" + String.join("/", parts);
  }

  /**
   * A client token derived from {@code parts}: the same parts (the same table, epoch and time) give
   * the same token, and the same token with the same parameters the same export.
   */
  public static String token(Object... parts) {
    StringBuilder text = new StringBuilder();
    for (Object part : parts) {
      text.append(part).append('/');
    }
    return UUID.nameUUIDFromBytes(text.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Requests the export; its ARN, or null if the task stops first. */
  public String request(ExportClient.Request request) throws InterruptedException {
    while (running.getAsBoolean()) {
      try {
        String arn = exports.request(request);
        retry.succeeded();
        return arn;
      } catch (SdkException e) {
        waitOrFail(e, "ExportTableToPointInTime");
      }
    }
    return null;
  }

  /**
   * Waits for the export to complete and returns its description; null if the task stops first. A
   * failed export throws with AWS's code and message, and {@code advice}.
   */
  public ExportDescription await(String exportArn, String advice, Progress progress)
      throws InterruptedException {
    long started = clock.millis();
    while (running.getAsBoolean()) {
      ExportDescription description;
      try {
        description = exports.describe(exportArn);
        retry.succeeded();
      } catch (SdkException e) {
        waitOrFail(e, "DescribeExport");
        continue;
      }
      if (description.completed()) {
        return description;
      }
      if (description.failed()) {
        throw new ConnectException(
            "The export "
                + exportArn
                + " of table "
                + table
                + " failed: "
                + description.failureCode()
                + ": "
                + description.failureMessage()
                + ". "
                + advice);
      }
      progress.running(description, clock.millis() - started);
      Thread.sleep(pollInterval.toMillis());
    }
    return null;
  }

  private void waitOrFail(SdkException error, String call) throws InterruptedException {
    AwsRetry.Next next = retry.after(error);
    if (next.givesUp()) {
      throw new ConnectException(
          call
              + " for table "
              + table
              + " failed: "
              + error.getMessage()
              + String.format(IAM, table),
          error);
    }
    LOG.warn(
        "{} for table {} failed ({}); retrying in {} ms",
        call,
        table,
        error.getMessage(),
        next.waitMillis());
    Thread.sleep(next.waitMillis());
  }
}
