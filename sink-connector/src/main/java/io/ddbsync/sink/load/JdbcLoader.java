package io.ddbsync.sink.load;

import io.ddbsync.common.aws.AwsErrors;
import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.db.ConnectionProvider;
import java.sql.SQLException;

/**
 * {@link Loader} over JDBC and S3: a {@link BatchLoader} on the task's connection. Database
 * failures are classified by the dialect, S3 failures by the rule every AWS call follows ({@link
 * AwsErrors}).
 */
public final class JdbcLoader implements Loader {
  private final BatchLoader loader;
  private final ConnectionProvider connections;

  public JdbcLoader(BatchLoader loader, ConnectionProvider connections) {
    this.loader = loader;
    this.connections = connections;
  }

  @Override
  public LoadResult load(Batch batch) throws SQLException {
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
    return AwsErrors.classify(error) != AwsErrors.Kind.FATAL;
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
