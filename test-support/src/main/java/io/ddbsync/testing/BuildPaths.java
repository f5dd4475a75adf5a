package io.ddbsync.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the build keeps things: the module's target directory, the repository's config/. */
public final class BuildPaths {
  private BuildPaths() {}

  /** A directory under the current module's {@code target/}, created if needed. */
  public static Path target(String name) {
    Path path = Paths.get("target", name).toAbsolutePath();
    try {
      Files.createDirectories(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return path;
  }

  /** The repository root: the nearest ancestor of the working directory with config/ in it. */
  public static Path repositoryRoot() {
    String configured = System.getProperty("ddbsync.config.dir");
    if (configured != null) {
      return Paths.get(configured).toAbsolutePath().getParent();
    }
    Path current = Paths.get("").toAbsolutePath();
    while (current != null) {
      if (Files.isDirectory(current.resolve("config"))
          && Files.isRegularFile(current.resolve("pom.xml"))
          && Files.isDirectory(current.resolve("common"))) {
        return current;
      }
      current = current.getParent();
    }
    throw new IllegalStateException(
        "Cannot find the repository root above " + Paths.get("").toAbsolutePath());
  }

  public static Path config(String file) {
    return repositoryRoot().resolve("config").resolve(file);
  }
}
