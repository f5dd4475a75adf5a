package io.ddbsync.sink.load;

import io.ddbsync.sink.task.ConnectionProvider;
import java.sql.SQLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** {@link Loader} over JDBC and S3: a {@link BatchLoader} on the task's connection. */
public final class JdbcLoader implements Loader {
  private final BatchLoader loader;
  private final ConnectionProvider connections;

  public JdbcLoader(BatchLoader loader, ConnectionProvider connections) {
    this.loader = loader;
    this.connections = connections;
  }

  @Override
  public BatchLoader.Result load(Batch batch) throws SQLException {
    return loader.load(connections.get(), batch);
  }

  @Override
  public void prestage(Batch batch) {
    loader.prestage(batch);
  }

  @Override
  public boolean isTransient(Exception error) {
    if (error instanceof SQLException sql) {
      return loader.isTransient(sql);
    }
    if (error instanceof AwsServiceException service) {
      return service.statusCode() >= 500 || service.isThrottlingException();
    }
    return error instanceof SdkException;
  }

  @Override
  public void reset() {
    connections.reset();
  }

  @Override
  public void close() {
    loader.close();
    connections.close();
  }
}
