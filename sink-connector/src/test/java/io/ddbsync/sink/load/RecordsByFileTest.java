package io.ddbsync.sink.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.db.Dialect;
import io.ddbsync.sink.stage.StagedObject;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * A row refused in one part of a manifest names its own record: the database numbers rows within
 * each file, so line 2 of the third part is the eighth row of a table staged as parts of 3, 3 and 2
 * rows.
 */
class RecordsByFileTest {
  private final List<SinkRecord> records = new ArrayList<>();

  RecordsByFileTest() {
    for (int i = 0; i < 8; i++) {
      records.add(new SinkRecord("t", 0, null, "k" + i, null, null, i));
    }
  }

  @Test
  void aRefusedRowOfAPartIsTheRecordOfThatPartsRow() {
    StagedObject manifest =
        file("m.manifest", 0)
            .asManifestOf(List.of(file("p1", 3), file("p2", 3), file("p3", 2)), rows(8));
    RecordsByFile byFile = new RecordsByFile();
    byFile.remember(manifest, records);

    List<SinkRecord> refused =
        byFile.refused(
            List.of(
                new Dialect.LoadError(
                    "s3://b/p3 ", 2, "v", 1204, "String length exceeds DDL length"),
                new Dialect.LoadError(
                    "s3://b/p1", 1, "v", 1204, "String length exceeds DDL length")));

    assertThat(refused).extracting(SinkRecord::kafkaOffset).containsExactly(7L, 0L);
  }

  @Test
  void aSingleFileNamesItsRowsAsBefore() {
    RecordsByFile byFile = new RecordsByFile();
    byFile.remember(file("one", 8), records);

    assertThat(
            byFile.refused(List.of(new Dialect.LoadError("s3://b/one", 5, "v", 1204, "too long"))))
        .extracting(SinkRecord::kafkaOffset)
        .containsExactly(4L);
    assertThat(
            byFile.refused(
                List.of(new Dialect.LoadError("s3://b/other", 5, "v", 1204, "too long"))))
        .as("a file that is not the batch's")
        .isEmpty();
  }

  private static StagedObject file(String key, int rows) {
    return new StagedObject("b", key, 100).withRows(rows(rows));
  }

  private static List<Object[]> rows(int count) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(new Object[] {i});
    }
    return rows;
  }
}
