package io.ddbsync.benchmarks;

import io.ddbsync.sink.db.PgBinaryCopy;
import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.parquet.ParquetRows;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The PostgreSQL dialect's client side of a load, two ways, on the same batch in the same JVM,
 * alternating rounds: COPY rows read back from the staged Parquet file, each row encoded into a new
 * array (before issue 25), against COPY the batch's rows as they are in memory, encoded into one
 * reused buffer (after). Per 100,000 change events: the loader thread's CPU and the bytes it
 * allocates (thread counters, not wall time). The database is left out: both send the same bytes
 * (InMemoryCopyProperties).
 *
 * <p>{@code java -cp "target/classes:target/lib/*" io.ddbsync.benchmarks.PgCopyPathComparison 9}
 */
public final class PgCopyPathComparison {
  private PgCopyPathComparison() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    ParquetFixture fixture = new ParquetFixture();
    List<ParquetFixture.StagedTable> tables = fixture.stagedTables();
    List<byte[]> files = new ArrayList<>();
    for (ParquetFixture.StagedTable table : tables) {
      files.add(ParquetRows.write(table.columns(), table.rows(), CompressionCodecName.SNAPPY));
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double scale = 100_000.0 / ParquetFixture.RECORDS;
    List<double[]> readBack = new ArrayList<>();
    List<double[]> inMemory = new ArrayList<>();
    long sink = 0;
    for (int round = 0; round < rounds * 2; round++) {
      boolean fromFile = round % 2 == (round / 2) % 2;
      long cpu = threads.getCurrentThreadCpuTime();
      long allocated = threads.getCurrentThreadAllocatedBytes();
      for (int t = 0; t < tables.size(); t++) {
        List<Column> columns = tables.get(t).columns();
        PgBinaryCopy encoder = PgBinaryCopy.forTargetColumns(columns);
        long[] bytes = {0};
        if (fromFile) {
          ParquetRows.readTextAsUtf8(files.get(t), row -> bytes[0] += encoder.row(row).length);
        } else {
          tables.get(t).rows().forEach(row -> bytes[0] += encoder.encode(row));
        }
        sink += bytes[0];
      }
      double[] sample = {
        (threads.getCurrentThreadCpuTime() - cpu) / 1e9 * scale,
        (threads.getCurrentThreadAllocatedBytes() - allocated) / 1e6 * scale
      };
      (fromFile ? readBack : inMemory).add(sample);
    }
    // The first two rounds of each are warm-up.
    double[] before = median(readBack.subList(2, readBack.size()));
    double[] after = median(inMemory.subList(2, inMemory.size()));
    System.out.printf(
        Locale.ROOT,
        "per 100,000 events, median of %d rounds each after 2 warm-up (checksum %d):%n"
            + "  read back from Parquet, then binary COPY: %.3f CPU-s, %.0f MB allocated%n"
            + "  from the batch in memory, binary COPY:    %.3f CPU-s, %.0f MB allocated%n"
            + "  ratio: CPU %.2f, allocation %.2f%n",
        readBack.size() - 2,
        sink,
        before[0],
        before[1],
        after[0],
        after[1],
        after[0] / before[0],
        after[1] / before[1]);
  }

  private static double[] median(List<double[]> samples) {
    double[] result = new double[2];
    for (int i = 0; i < 2; i++) {
      int index = i;
      List<Double> values = new ArrayList<>(samples.stream().map(s -> s[index]).toList());
      values.sort(null);
      result[i] = values.get(values.size() / 2);
    }
    return result;
  }
}
