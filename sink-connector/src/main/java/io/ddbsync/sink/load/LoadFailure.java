package io.ddbsync.sink.load;

import io.ddbsync.sink.db.Dialect;
import java.sql.SQLException;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A load that failed and was rolled back. The message names the batch; the load errors are what the
 * database recorded; the refused records are the ones the database named as the rows it could not
 * load, which the task sends to the dead letter queue before loading the rest again.
 */
public final class LoadFailure extends SQLException {
  private static final long serialVersionUID = 1L;
  private final transient List<Dialect.LoadError> loadErrors;
  private final transient List<SinkRecord> refusedRecords;

  public LoadFailure(
      String message,
      SQLException cause,
      List<Dialect.LoadError> loadErrors,
      List<SinkRecord> refusedRecords) {
    super(message, cause.getSQLState(), cause.getErrorCode(), cause);
    this.loadErrors = List.copyOf(loadErrors);
    this.refusedRecords = List.copyOf(refusedRecords);
  }

  public List<Dialect.LoadError> loadErrors() {
    return loadErrors;
  }

  /** The records of the rows the database refused; empty when it named none. */
  public List<SinkRecord> refusedRecords() {
    return refusedRecords;
  }
}
