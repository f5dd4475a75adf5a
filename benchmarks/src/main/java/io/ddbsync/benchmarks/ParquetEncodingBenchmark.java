package io.ddbsync.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH view of {@link ParquetFixture}: each path and its main step alone, per batch of 20,000
 * records. For the ratio between the paths prefer {@link ParquetEncodingComparison}, which runs
 * them in alternation in one JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
public class ParquetEncodingBenchmark {
  private ParquetFixture fixture;

  @Setup
  public void setUp() {
    fixture = new ParquetFixture();
  }

  @Benchmark
  public long flattenedRowsWithOurWriter() {
    return fixture.ours();
  }

  @Benchmark
  public long avroGenericRecordsWithAvroParquetWriter() throws IOException {
    return fixture.confluentPath();
  }

  @Benchmark
  public int flattenOnly() {
    return fixture.flattenOnly();
  }

  @Benchmark
  public int avroConversionOnly() {
    return fixture.avroConversionOnly();
  }
}
