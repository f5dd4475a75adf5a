package io.ddbsync.benchmarks.source;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time per category of threads, sampled while they run (a thread's time is gone once it ends,
 * so the last sample before its end counts: at most one sampling interval is lost per thread).
 * Threads that existed before {@link #start} count only their time after it.
 */
final class ThreadCpu {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Function<String, String> category;
  private final Map<Long, Long> startNanos = new HashMap<>();
  private final Map<Long, Long> lastNanos = new HashMap<>();
  private final Map<Long, String> categories = new HashMap<>();

  ThreadCpu(Function<String, String> category) {
    this.category = category;
    threads.setThreadCpuTimeEnabled(true);
  }

  void start() {
    startNanos.clear();
    lastNanos.clear();
    categories.clear();
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu >= 0) {
        startNanos.put(id, cpu);
      }
    }
  }

  void sample() {
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = threads.getThreadCpuTime(ids[i]);
      if (cpu < 0 || infos[i] == null) {
        continue;
      }
      lastNanos.put(ids[i], cpu);
      // By its latest name: Connect renames a pooled thread when it runs the next task on it.
      categories.put(ids[i], category.apply(infos[i].getThreadName()));
    }
  }

  /** CPU seconds per category since {@link #start}. */
  Map<String, Double> seconds() {
    Map<String, Double> result = new HashMap<>();
    lastNanos.forEach(
        (id, cpu) -> {
          long used = cpu - startNanos.getOrDefault(id, 0L);
          result.merge(categories.get(id), used / 1e9, Double::sum);
        });
    return result;
  }
}
