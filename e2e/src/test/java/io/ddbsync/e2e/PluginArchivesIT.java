package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testing.BuildPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the released plugin archives carry besides their jars: the licence and the notice. */
class PluginArchivesIT {
  @ParameterizedTest
  @ValueSource(strings = {"source-connector", "sink-connector"})
  void eachArchiveCarriesTheLicenceAndTheNotice(String module) throws Exception {
    Path archive = archive(module);
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      List<String> names = new ArrayList<>();
      zip.stream().map(ZipEntry::getName).forEach(names::add);
      String root = names.get(0).substring(0, names.get(0).indexOf('/') + 1);
      assertThat(names).contains(root + "doc/LICENSE", root + "doc/NOTICE", root + "manifest.json");
      String licence =
          new String(zip.getInputStream(zip.getEntry(root + "doc/LICENSE")).readAllBytes());
      assertThat(licence).contains("Apache License").contains("Version 2.0, January 2004");
      String manifest =
          new String(zip.getInputStream(zip.getEntry(root + "manifest.json")).readAllBytes());
      assertThat(manifest).contains("Apache");
    }
  }

  private static Path archive(String module) throws Exception {
    Path target = BuildPaths.repositoryRoot().resolve(module).resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("-plugin.zip"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("No plugin archive in " + target));
    }
  }
}
