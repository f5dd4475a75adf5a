package io.ddbsync.sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.testing.ItemArbitraries;
import io.ddbsync.sink.FlatteningSettings;
import io.ddbsync.sink.StagingSettings;
import io.ddbsync.sink.db.CopySplit;
import io.ddbsync.sink.db.RedshiftDefinition;
import io.ddbsync.sink.fixtures.SinkEvents;
import io.ddbsync.sink.fixtures.SinkStack;
import io.ddbsync.sink.settings.SinkEnums.DialectName;
import io.ddbsync.sink.settings.SinkEnums.ListsMode;
import io.ddbsync.testing.MotoServer;
import io.ddbsync.testing.PostgresServer;
import io.ddbsync.testing.redshift.RedshiftStandIn;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table's rows in a batch staged as a file per slice and loaded by one COPY through a manifest
 * leave every table (parent, nested map columns, child and grandchild tables) exactly as one file
 * per table does, through an initial load and a batch of updates and removals; the stand-in's COPY
 * reads the manifest by Redshift's rules (every file listed once, with its size) and the staged
 * files and manifests are deleted after the load.
 */
class CopyAcrossSlicesIT {
  @Property(tries = 3)
  void filesPerSliceLoadTheSameRowsAsOneFilePerTable(
      @ForAll("items") List<Map<String, AttributeValue>> items,
      @ForAll @IntRange(min = 0, max = 3) int removeEvery)
      throws Exception {
    MotoServer.sharedOrSkip();
    SinkStack.ensureBucket();
    RedshiftStandIn standIn = SinkStack.standIn();
    List<SinkRecord> initial = new ArrayList<>();
    List<SinkRecord> changes = new ArrayList<>();
    SinkEvents events = SinkEvents.orders();
    int n = items.size();
    for (int i = 0; i < n; i++) {
      initial.add(events.read(withKey(items.get(i), i), 0, i));
    }
    // Every item changes to another's attributes (new shapes in a second batch are
    // TwoBatchesOfRandomItemsIT's), then some are removed.
    for (int i = 0; i < n; i++) {
      changes.add(events.upsert(withKey(items.get((i + 1) % n), i), 0, n + i));
    }
    for (int i = 0; removeEvery > 0 && i < n; i += removeEvery + 1) {
      changes.add(events.remove(Map.of("OrderId", AttributeValue.fromS("o-" + i)), 0, 2L * n + i));
    }

    String oneFile = PostgresServer.shared().createDatabase();
    String perSlice = PostgresServer.shared().createDatabase();
    String prefix = "slices-" + perSlice + "/";
    int copiesBefore = standIn.copies().size();
    List<String> deadOneFile =
        load(oneFile, Map.of(RedshiftDefinition.COPY_FILES, "1"), initial, changes);
    List<String> deadPerSlice =
        load(
            perSlice,
            Map.of(
                RedshiftDefinition.COPY_FILES, "AUTO",
                RedshiftDefinition.COPY_FILE_MIN_ROWS, "2",
                StagingSettings.S3_PREFIX, prefix),
            initial,
            changes);

    assertThat(tables(perSlice)).isEqualTo(tables(oneFile));
    assertThat(deadPerSlice).hasSameSizeAs(deadOneFile);
    List<RedshiftStandIn.Copy> copies =
        standIn.copies().subList(copiesBefore, standIn.copies().size());
    CopySplit split = new CopySplit(4, 2);
    List<RedshiftStandIn.Copy> splitCopies =
        copies.stream().filter(copy -> copy.files().get(0).contains(prefix)).toList();
    assertThat(splitCopies)
        .as("each table's rows in as many files as the 4 slices of the stand-in get 2 rows each")
        .allSatisfy(
            copy -> {
              assertThat(copy.files()).hasSize(split.files((int) copy.rows()));
              assertThat(copy.manifest()).isEqualTo(copy.files().size() > 1);
            })
        .anySatisfy(copy -> assertThat(copy.files()).hasSize(4));
    assertThat(copies)
        .as("with one file per table no COPY reads a manifest")
        .filteredOn(copy -> copy.files().stream().noneMatch(file -> file.contains(prefix)))
        .noneMatch(RedshiftStandIn.Copy::manifest);
    assertThat(
            MotoServer.sharedOrSkip()
                .s3()
                .listObjectsV2(b -> b.bucket(SinkStack.BUCKET).prefix(prefix))
                .keyCount())
        .as("staged parts and manifests deleted once loaded")
        .isZero();
  }

  @Provide
  Arbitrary<List<Map<String, AttributeValue>>> items() {
    return ItemArbitraries.items(3).list().ofMinSize(24).ofMaxSize(40);
  }

  private static Map<String, AttributeValue> withKey(Map<String, AttributeValue> item, int key) {
    Map<String, AttributeValue> keyed = new LinkedHashMap<>(item);
    keyed.put("OrderId", AttributeValue.fromS("o-" + key));
    return keyed;
  }

  private static List<String> load(
      String db, Map<String, String> split, List<SinkRecord> initial, List<SinkRecord> changes) {
    Map<String, String> settings = new HashMap<>(split);
    settings.put(FlatteningSettings.LISTS_MODE, ListsMode.CHILD_TABLE.name());
    List<String> deadLetters = new ArrayList<>();
    SinkStack.load(DialectName.REDSHIFT, db, settings, deadLetters, initial);
    SinkStack.load(DialectName.REDSHIFT, db, settings, deadLetters, changes);
    return deadLetters;
  }

  /** Every table's rows, each row as text, sorted; the stand-in's own tables left out. */
  private static Map<String, List<String>> tables(String db) throws SQLException {
    Map<String, List<String>> tables = new TreeMap<>();
    for (List<String> table :
        SinkStack.rows(
            db,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                + " AND table_type = 'BASE TABLE'"
                + " AND table_name NOT IN ('stl_load_errors', 'sys_load_error_detail')")) {
      String name = table.get(0);
      List<String> rows = new ArrayList<>();
      for (List<String> row :
          SinkStack.rows(db, "SELECT t::text FROM \"" + name.replace("\"", "\"\"") + "\" t")) {
        rows.add(row.get(0));
      }
      rows.sort(null);
      tables.put(name, rows);
    }
    return tables;
  }
}
