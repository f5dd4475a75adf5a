package io.ddbsync.benchmarks.source;

import io.ddbsync.common.aws.AwsSettings;
import io.ddbsync.source.DynamoDbSourceConnector;
import io.ddbsync.source.DynamoDbSourceTask;
import io.ddbsync.source.snapshot.ScanClient;
import io.ddbsync.source.task.ExportAccess;
import org.apache.kafka.connect.connector.Task;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The source connector whose snapshot scans the benchmark's {@link InMemoryTable} instead of
 * DynamoDB, or reads its export from {@link InMemoryExports} (table metadata and streams still come
 * from the configured endpoint): everything else, planning, scanning, the change-event model, the
 * queue and Connect's producer, is the connector's own.
 */
public final class InMemorySourceConnector extends DynamoDbSourceConnector {
  @Override
  public Class<? extends Task> taskClass() {
    return ScanTask.class;
  }

  /** The connector's task, scanning the in-memory table. */
  public static final class ScanTask extends DynamoDbSourceTask {
    @Override
    protected ScanClient scanClient(DynamoDbClient dynamoDb) {
      return InMemoryTable.current();
    }

    @Override
    protected ExportAccess exportAccess(DynamoDbClient dynamoDb, AwsSettings aws) {
      InMemoryExports exports = InMemoryExports.current();
      return new ExportAccess(exports, exports);
    }
  }
}
