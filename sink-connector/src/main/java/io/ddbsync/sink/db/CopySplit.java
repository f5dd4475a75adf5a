package io.ddbsync.sink.db;

import java.util.ArrayList;
import java.util.List;

/**
 * How one table's rows of a batch are cut into staged files that one COPY loads together through a
 * manifest. Redshift gives each file of a COPY to one slice and does not split a Parquet file
 * smaller than 128 MB, so a batch staged as one file loads on one slice while the others wait;
 * Amazon recommends "a multiple of the number of slices in your cluster" of files of about equal
 * size ("Loading data files", Database Developer Guide). A table's rows become as many files of
 * equal row counts as the slices (or the configured count), but never files of fewer than {@code
 * minRowsPerFile} rows: each file costs an S3 upload and the per-file work of the COPY, which a
 * small file does not earn back.
 *
 * @param maxFiles the most files one table's rows are staged as: the cluster's slice count, or the
 *     configured number; 1 stages every table as one file (no manifest)
 * @param minRowsPerFile the fewest rows a file of a split table holds
 */
public record CopySplit(int maxFiles, int minRowsPerFile) {
  /** One file per table, as the PostgreSQL dialect (which COPYs the rows from memory) needs. */
  public static final CopySplit ONE_FILE = new CopySplit(1, Integer.MAX_VALUE);

  public CopySplit {
    if (maxFiles < 1 || minRowsPerFile < 1) {
      throw new IllegalArgumentException(
          "A split needs at least one file and one row per file: "
              + maxFiles
              + ", "
              + minRowsPerFile);
    }
  }

  /** The number of files {@code rows} rows are staged as: one below twice the minimum. */
  public int files(int rows) {
    if (maxFiles == 1) {
      return 1;
    }
    return (int) Math.max(1, Math.min(maxFiles, (long) rows / minRowsPerFile));
  }

  /**
   * The row ranges of the files, in order, each {@code [from, to)}: together every row once, the
   * files' sizes differing by at most one row.
   */
  public List<Range> ranges(int rows) {
    int files = files(rows);
    List<Range> ranges = new ArrayList<>(files);
    for (int i = 0; i < files; i++) {
      ranges.add(new Range((int) ((long) rows * i / files), (int) ((long) rows * (i + 1) / files)));
    }
    return ranges;
  }

  /** The rows {@code [from, to)} of a table's rows in a batch. */
  public record Range(int from, int to) {
    public int size() {
      return to - from;
    }
  }
}
