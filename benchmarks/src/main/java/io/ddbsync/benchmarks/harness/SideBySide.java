package io.ddbsync.benchmarks.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs a baseline and its contenders in alternation, round after round, in one JVM, so that the
 * noise of a shared machine hits them alike; reports the median time of each and the median of the
 * per-round ratios to the baseline. Absolute times on these machines vary by tens of percent from
 * one minute to the next, ratios measured this way by a few.
 */
public final class SideBySide {
  /** Something to time; returns how many units (records, items, rows) one run handled. */
  @FunctionalInterface
  public interface Workload {
    long run() throws Exception;
  }

  /** A named workload, optionally with setup before each run that is not timed. */
  public record Contender(String name, Workload workload, Workload untimedSetup) {
    public static Contender of(String name, Workload workload) {
      return new Contender(name, workload, () -> 0);
    }
  }

  /** One contender's figures. */
  public record Result(
      String name, double medianSeconds, double unitsPerSecond, double ratioToBaseline) {}

  private SideBySide() {}

  /**
   * @param contenders the baseline first
   */
  public static List<Result> run(
      String title, int warmupRounds, int rounds, Contender... contenders) throws Exception {
    System.out.printf(
        "%n== %s: %d warm-up rounds, %d measured rounds%n", title, warmupRounds, rounds);
    for (int round = 0; round < warmupRounds; round++) {
      for (Contender contender : contenders) {
        contender.untimedSetup().run();
        contender.workload().run();
      }
    }
    double[][] seconds = new double[contenders.length][rounds];
    long[] units = new long[contenders.length];
    for (int round = 0; round < rounds; round++) {
      // Rotate the order so that neither side always runs right after a collection.
      for (int k = 0; k < contenders.length; k++) {
        int index = (k + round) % contenders.length;
        Contender contender = contenders[index];
        contender.untimedSetup().run();
        double startEpoch = System.currentTimeMillis() / 1e3;
        long start = System.nanoTime();
        units[index] = contender.workload().run();
        seconds[index][round] = (System.nanoTime() - start) / 1e9;
        // For scripts/cpu_accounting.py window <log> <start> <end>: CPU per contender and round.
        System.out.printf(
            Locale.ROOT,
            "window round %d %s: %.2f %.2f%n",
            round + 1,
            contender.name(),
            startEpoch,
            System.currentTimeMillis() / 1e3);
      }
      System.out.printf(Locale.ROOT, "round %d:", round + 1);
      for (int i = 0; i < contenders.length; i++) {
        System.out.printf(Locale.ROOT, "  %s %.3fs", contenders[i].name(), seconds[i][round]);
      }
      System.out.println();
    }
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < contenders.length; i++) {
      double[] ratios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        ratios[round] = seconds[i][round] / seconds[0][round];
      }
      double median = median(seconds[i]);
      results.add(new Result(contenders[i].name(), median, units[i] / median, median(ratios)));
    }
    System.out.println(table(results));
    return results;
  }

  /** A Markdown table of results: time relative to the baseline (first row). */
  public static String table(List<Result> results) {
    StringBuilder out = new StringBuilder();
    out.append("| | median time (s) | units/s | time vs. baseline (median of rounds) |\n");
    out.append("|---|---:|---:|---:|\n");
    for (Result result : results) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.3f | %,.0f | %.2fx |%n",
              result.name(),
              result.medianSeconds(),
              result.unitsPerSecond(),
              result.ratioToBaseline()));
    }
    return out.toString();
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
