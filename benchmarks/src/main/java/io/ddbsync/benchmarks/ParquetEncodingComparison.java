package io.ddbsync.benchmarks;

import io.ddbsync.benchmarks.harness.SideBySide;
import io.ddbsync.benchmarks.harness.SideBySide.Contender;

/**
 * Parquet encoding, the sink's path against Confluent's S3 sink path, in alternation in one JVM.
 * Run: {@code java -Xmx2g -cp "benchmarks/target/classes:benchmarks/target/lib/*"
 * io.ddbsync.benchmarks.ParquetEncodingComparison [rounds]}.
 */
public final class ParquetEncodingComparison {
  private ParquetEncodingComparison() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    ParquetFixture fixture = new ParquetFixture();
    SideBySide.run(
        "Parquet encoding of " + ParquetFixture.RECORDS + " change events",
        10,
        rounds,
        Contender.of(
            "baseline: AvroData + AvroParquetWriter (Confluent S3 sink path)",
            () -> {
              fixture.confluentPath();
              return ParquetFixture.RECORDS;
            }),
        Contender.of(
            "ddbsync: flatten + typed Parquet writer",
            () -> {
              fixture.ours();
              return ParquetFixture.RECORDS;
            }));
  }
}
