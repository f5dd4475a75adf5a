package io.ddbsync.e2e;

import io.ddbsync.testing.BuildPaths;
import io.ddbsync.testing.ConnectWorkerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The plugin archives of an earlier commit of this repository, built from its git history (the
 * repository has no release tags), for tests of what an upgrade meets: the archives of an older
 * version in the same worker, then of today's. Built once per commit into {@code
 * target/old-release/}; needs git, the commit in the clone's history, and Maven on the PATH.
 */
final class OldRelease {
  /** Which connector a plugin directory holds. */
  enum Plugin {
    SOURCE("ddbsync-dynamodb-source"),
    SINK("ddbsync-redshift-sink");

    final String artifact;

    Plugin(String artifact) {
      this.artifact = artifact;
    }
  }

  private final Path pluginPath;

  private OldRelease(Path pluginPath) {
    this.pluginPath = pluginPath;
  }

  /** The unpacked archives of {@code commit}, built now unless an earlier run built them. */
  static synchronized OldRelease of(String commit) throws IOException, InterruptedException {
    Path home = BuildPaths.target("old-release/" + commit);
    Path unpacked = home.resolve("plugin-path");
    if (Files.isDirectory(unpacked.resolve("done"))) {
      return new OldRelease(unpacked);
    }
    Path root = BuildPaths.repositoryRoot();
    Path source = home.resolve("source");
    deleteRecursively(source);
    Files.createDirectories(source);
    run(
        home.resolve("git.log"),
        root,
        List.of(
            "sh",
            "-c",
            "git -C '" + root + "' archive " + commit + " | tar -x -C '" + source + "'"));
    run(
        home.resolve("build.log"),
        source,
        List.of(
            "mvn",
            "-B",
            "-q",
            "package",
            "-Dmaven.test.skip=true",
            "-Dspotless.check.skip=true",
            "-pl",
            "source-connector,sink-connector",
            "-am"));
    deleteRecursively(unpacked);
    for (Plugin plugin : Plugin.values()) {
      String module = plugin == Plugin.SOURCE ? "source-connector" : "sink-connector";
      try (var zips =
          Files.newDirectoryStream(
              source.resolve(module).resolve("target"), plugin.artifact + "-*-plugin.zip")) {
        for (Path zip : zips) {
          unzip(zip, unpacked.resolve(plugin.name()));
        }
      }
    }
    Files.createDirectories(unpacked.resolve("done"));
    return new OldRelease(unpacked);
  }

  /**
   * A plugin.path holding the source and the sink of the versions asked for: this old release's or
   * the build's own (the archives the e2e module unpacked).
   */
  Path pluginPath(String name, boolean oldSource, boolean oldSink) throws IOException {
    Path path = BuildPaths.target("old-release/plugin-paths/" + name);
    deleteRecursively(path);
    Files.createDirectories(path);
    link(path, Plugin.SOURCE, oldSource);
    link(path, Plugin.SINK, oldSink);
    return path;
  }

  private void link(Path path, Plugin plugin, boolean old) throws IOException {
    Path target;
    if (old) {
      try (var dirs = Files.newDirectoryStream(pluginPath.resolve(plugin.name()))) {
        target = dirs.iterator().next();
      }
    } else {
      try (var dirs =
          Files.newDirectoryStream(ConnectWorkerProcess.pluginPath(), plugin.artifact + "-*")) {
        target = dirs.iterator().next();
      }
    }
    Files.createSymbolicLink(path.resolve(target.getFileName()), target);
  }

  private static void run(Path log, Path directory, List<String> command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(Duration.ofMinutes(10).toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " did not finish within 10 minutes; see " + log);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "Building the earlier release failed ("
              + command
              + "): "
              + String.join("\n", tail(Files.readAllLines(log), 30)));
    }
  }

  private static List<String> tail(List<String> lines, int count) {
    return lines.subList(Math.max(0, lines.size() - count), lines.size());
  }

  private static void unzip(Path zip, Path into) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("Entry outside the archive's directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = Files.walk(path)) {
      for (Path each : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
