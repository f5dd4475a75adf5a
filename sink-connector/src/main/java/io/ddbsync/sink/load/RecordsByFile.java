package io.ddbsync.sink.load;

import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.stage.StagedObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The records of each staged data file's rows, to name the records of rows the database refuses. A
 * manifest's parts hold consecutive ranges of their table's rows, in order, and the database
 * numbers the rows of each part from 1, so a refused row is found by its part and its line.
 */
final class RecordsByFile {
  private final Map<String, List<SinkRecord>> records = new HashMap<>();

  /** The records of {@code file}'s rows (of every part of a manifest, in order). */
  void remember(StagedObject file, List<SinkRecord> rowsRecords) {
    if (file == null) {
      return;
    }
    int from = 0;
    for (StagedObject part : file.files()) {
      int rows = part.rows() == null ? rowsRecords.size() - from : part.rows().size();
      records.put(part.uri(), rowsRecords.subList(from, from + rows));
      from += rows;
    }
    if (from != rowsRecords.size()) {
      throw new IllegalStateException(
          file.uri() + " holds " + from + " rows, its table " + rowsRecords.size());
    }
  }

  /**
   * The records of the rows the load errors name (by row of a staged file); none for an error about
   * a file as a whole, or of a file that is not the batch's.
   */
  List<SinkRecord> refused(List<Dialect.LoadError> errors) {
    Set<SinkRecord> refused = new LinkedHashSet<>();
    for (Dialect.LoadError error : errors) {
      if (error.file() == null || !error.rowLevel()) {
        continue;
      }
      List<SinkRecord> ofFile = records.get(error.file().trim());
      if (ofFile != null && error.line() <= ofFile.size()) {
        refused.add(ofFile.get((int) error.line() - 1));
      }
    }
    return new ArrayList<>(refused);
  }
}
