package io.ddbsync.e2e.cli;

import io.ddbsync.testing.BuildPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged command-line tool ({@code cli/target/ddbsync-cli-<version>-all.jar}), run as a user
 * runs it: {@code java -jar ... <command>} in its own JVM; stopped by PID if it outlives its time.
 */
public final class CliJar {
  /** What a run printed and returned. */
  public record Run(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  private CliJar() {}

  public static Path jar() {
    Path target = BuildPaths.repositoryRoot().resolve("cli").resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().matches("ddbsync-cli-.*-all\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("No ddbsync-cli-*-all.jar in " + target));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list " + target + "; build the cli module first", e);
    }
  }

  /** Runs the tool with its output on this process's; its exit code. */
  public static int runInherited(Duration timeout, String... args)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command(args)).inheritIO().start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "ddbsync " + String.join(" ", args) + " ran past " + timeout);
      }
      return process.exitValue();
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  private static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return command;
  }

  public static Run run(Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> command = command(args);
    Path out = Files.createTempFile("ddbsync-cli", ".out");
    Path err = Files.createTempFile("ddbsync-cli", ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(
            "ddbsync "
                + String.join(" ", args)
                + " ran past "
                + timeout
                + ":\n"
                + Files.readString(err));
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
