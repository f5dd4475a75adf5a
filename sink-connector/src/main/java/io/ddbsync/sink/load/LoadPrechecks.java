package io.ddbsync.sink.load;

import io.ddbsync.sink.batch.Batch;
import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.db.PhysicalTable;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.ColumnVectors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What a load refuses before it stages anything: records the database would refuse (strings longer
 * than it keeps in SUPER) and changes it must not write (of snapshot generations older than the
 * table's complete one). Either way the task loads the batch again without them.
 */
final class LoadPrechecks {
  private LoadPrechecks() {}

  /**
   * Strings kept whole in a SUPER overflow column (varchar.overflow.policy=SUPER) longer than the
   * database stores there: their records are refused, each with what to change, and the rest of the
   * batch loads.
   */
  static void refuseOversizedSuperStrings(
      Dialect dialect, Connection connection, Batch batch, BatchTables prepared)
      throws SQLException {
    List<SinkRecord> refused = new ArrayList<>();
    String reason = null;
    int limit = Integer.MAX_VALUE;
    List<PhysicalTable> tables = new ArrayList<>();
    tables.add(prepared.parent());
    tables.addAll(prepared.children());
    List<List<Object[]>> rows = new ArrayList<>();
    List<List<SinkRecord>> records = new ArrayList<>();
    rows.add(batch.rows().upserts().rows());
    records.add(batch.rows().upserts().records());
    for (int i = 0; i < prepared.children().size(); i++) {
      String list = batch.layout().children().get(i).name();
      rows.add(batch.rows().child(list).rows());
      records.add(batch.rows().child(list).records());
    }
    for (int t = 0; t < tables.size(); t++) {
      List<Column> columns = tables.get(t).columns();
      for (int c = 0; c < columns.size(); c++) {
        if (!columns.get(c).fieldPath().endsWith(Column.OVERFLOW_SUFFIX)) {
          continue;
        }
        for (int r = 0; r < rows.get(t).size(); r++) {
          if (ColumnVectors.valueAt(rows.get(t), r, c) instanceof String text
              && text.length() > 65_535 / 3) {
            if (limit == Integer.MAX_VALUE) {
              limit = dialect.maxSuperStringBytes(connection);
            }
            int bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > limit) {
              refused.add(records.get(t).get(r));
              reason =
                  "Column "
                      + columns.get(c).name()
                      + ": a string of "
                      + bytes
                      + " bytes exceeds the "
                      + limit
                      + " bytes a SUPER value holds on this database"
                      + (limit < io.ddbsync.sink.db.RedshiftDialect.LARGE_SUPER_STRING_BYTES
                          ? "; set the Redshift parameter enable_large_strings_opt_in=Yes (and"
                              + " reboot a provisioned cluster) to keep strings up to 16,000,000"
                              + " bytes whole, or choose varchar.overflow.policy=TRUNCATE"
                          : "");
            }
          }
        }
      }
    }
    if (!refused.isEmpty()) {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
      SQLException cause = new SQLException(reason, "22001");
      throw new LoadFailure(reason, cause, List.of(), refused);
    }
  }

  /** Stale upserts are never written: the task loads the batch again without them. */
  static void refuseStaleChanges(Batch batch, PhysicalTable parent, long completed) {
    List<SinkRecord> stale = batch.staleChanges(completed);
    if (!stale.isEmpty()) {
      throw new StaleChanges(parent.name(), stale, completed);
    }
  }
}
