package io.ddbsync.common.config;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The shape both connectors' {@code validate()} share: checks beyond single settings run only when
 * every setting is valid on its own, checks of live systems run under a timeout, and every problem
 * is attached to the setting to change.
 */
public final class ConfigChecks {
  /** A problem found, and the setting to attach it to. */
  public record Problem(String setting, String message) {}

  private ConfigChecks() {}

  /** True when the framework already found a setting invalid on its own. */
  public static boolean hasFieldErrors(Config result) {
    for (ConfigValue value : result.configValues()) {
      if (!value.errorMessages().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Attaches each problem to its setting's entry in {@code result}; a setting the result has no
   * entry for (one of Kafka Connect's own, such as {@code value.converter}) gets one, which Connect
   * shows and counts like the others.
   */
  public static Config attach(Config result, List<Problem> problems) {
    List<ConfigValue> values = new java.util.ArrayList<>(result.configValues());
    for (Problem problem : problems) {
      ConfigValue entry = null;
      for (ConfigValue value : values) {
        if (value.name().equals(problem.setting())) {
          entry = value;
        }
      }
      if (entry == null) {
        entry = new ConfigValue(problem.setting());
        values.add(entry);
      }
      entry.addErrorMessage(problem.message());
    }
    return new Config(values);
  }

  /**
   * Runs {@code checks} on their own thread for at most {@code timeout}; a timeout or a failure of
   * the checks themselves becomes a problem of {@code setting}: {@code what} names the systems that
   * did not answer, {@code advice} (may be empty) says what to check.
   */
  public static List<Problem> withTimeout(
      Duration timeout,
      Callable<List<Problem>> checks,
      String setting,
      String what,
      String advice) {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<List<Problem>> result = executor.submit(checks);
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return List.of(
          new Problem(
              setting, what + " did not answer within " + timeout.toMillis() + " ms" + advice));
    } catch (ExecutionException e) {
      return List.of(new Problem(setting, "Validation failed: " + e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of(new Problem(setting, "Validation was interrupted"));
    } finally {
      executor.shutdownNow();
    }
  }
}
