package io.ddbsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Documents generated from code (the configuration references) are checked in; a test compares them
 * with what the code generates now and fails when they disagree. Running with {@code
 * -Dddbsync.update.docs=true} rewrites them instead.
 */
public final class GeneratedDocs {
  private GeneratedDocs() {}

  /** Asserts that {@code docs/<name>} holds {@code generated}, or rewrites it when asked to. */
  public static void assertCurrent(String name, String generated) throws IOException {
    assertCurrentFile("docs/" + name, generated);
  }

  /** The same for any file of the repository, {@code path} relative to its root. */
  public static void assertCurrentFile(String path, String generated) throws IOException {
    Path file = BuildPaths.repositoryRoot().resolve(path);
    if (Boolean.getBoolean("ddbsync.update.docs")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, generated);
    }
    assertThat(file).exists();
    assertThat(Files.readString(file))
        .as("%s is stale; regenerate with -Dddbsync.update.docs=true", path)
        .isEqualTo(generated);
  }
}
