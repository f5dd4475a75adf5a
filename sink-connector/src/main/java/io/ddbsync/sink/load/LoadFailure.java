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

  /**
   * Whether the database refused a value of the batch without naming its row: Redshift's Parquet
   * COPY ("Spectrum Scan Error"), or a data exception (SQLSTATE class 22, a numeric overflow, a
   * string too long) raised by a statement that reads a staging table, such as the MERGE into a
   * column narrower than the value. Loading halves of the batch finds its record.
   */
  public boolean refusedAValueWithoutItsRow() {
    return refusedRecords.isEmpty()
        && (loadErrors.stream().anyMatch(Dialect.LoadError::valueWithoutRow)
            || (getSQLState() != null && getSQLState().startsWith("22")));
  }
}
