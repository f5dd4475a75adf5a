package io.ddbsync.sink.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A table's rows in a batch cut into files for one COPY: every row in exactly one file, in order;
 * files of equal size give or take a row; never more files than slices (or the configured count),
 * never a file under the minimum when the rows are split; and as many files as slices once there
 * are enough rows, so that every slice loads a share.
 */
class CopySplitProperties {
  @Property(tries = 2000)
  void everyRowIsInExactlyOneFileOfNearlyEqualFiles(
      @ForAll @IntRange(min = 0, max = 2_000_000) int rows,
      @ForAll @IntRange(min = 1, max = 1024) int maxFiles,
      @ForAll @IntRange(min = 1, max = 100_000) int minRowsPerFile) {
    CopySplit split = new CopySplit(maxFiles, minRowsPerFile);
    List<CopySplit.Range> ranges = split.ranges(rows);

    assertThat(ranges).hasSize(split.files(rows)).hasSizeBetween(1, maxFiles);
    int next = 0;
    for (CopySplit.Range range : ranges) {
      assertThat(range.from()).isEqualTo(next);
      next = range.to();
    }
    assertThat(next).as("the last file ends at the last row").isEqualTo(rows);
    int smallest = ranges.stream().mapToInt(CopySplit.Range::size).min().orElseThrow();
    int largest = ranges.stream().mapToInt(CopySplit.Range::size).max().orElseThrow();
    assertThat(largest - smallest).isLessThanOrEqualTo(1);
    if (ranges.size() > 1) {
      assertThat(smallest).isGreaterThanOrEqualTo(minRowsPerFile);
    }
    if ((long) rows >= (long) maxFiles * minRowsPerFile) {
      assertThat(ranges).as("a file for every slice").hasSize(maxFiles);
    }
  }

  @Example
  void aSmallTableIsOneFileAndALargeOneAFilePerSlice() {
    CopySplit fourSlices = new CopySplit(4, 20_000);

    assertThat(fourSlices.files(39_999)).isEqualTo(1);
    assertThat(fourSlices.files(40_000)).isEqualTo(2);
    assertThat(fourSlices.files(79_999)).isEqualTo(3);
    assertThat(fourSlices.files(5_000_000)).isEqualTo(4);
    assertThat(CopySplit.ONE_FILE.files(5_000_000)).isEqualTo(1);
  }
}
