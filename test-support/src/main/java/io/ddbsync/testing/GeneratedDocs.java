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
    Path file = BuildPaths.repositoryRoot().resolve("docs").resolve(name);
    if (Boolean.getBoolean("ddbsync.update.docs")) {
      Files.writeString(file, generated);
    }
    assertThat(file).exists();
    assertThat(Files.readString(file))
        .as("docs/%s is stale; regenerate with -Dddbsync.update.docs=true", name)
        .isEqualTo(generated);
  }
}
