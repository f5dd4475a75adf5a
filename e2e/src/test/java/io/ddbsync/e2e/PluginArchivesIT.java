package io.ddbsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.testing.BuildPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the released plugin archives carry: exactly the jars listed here (a new dependency, or a
 * second HTTP client stack, fails until it is added on purpose), the licence, the notice, the
 * licence of every bundled jar, and only the archive's own docs; and what a release publishes
 * beside them: a sha512 checksum of each file and Strimzi resources pinned to these archives.
 */
class PluginArchivesIT {
  /** The AWS SDK (HTTP client 5 only), Jackson and our common module: in both connectors. */
  private static final Set<String> SHARED =
      Set.of(
          "ddbsync-common",
          "jackson-annotations",
          "jackson-core",
          "jackson-databind",
          "reactive-streams",
          "httpclient5",
          "httpcore5",
          "httpcore5-h2",
          "annotations",
          "apache5-client",
          "arns",
          "auth",
          "aws-core",
          "aws-json-protocol",
          "aws-query-protocol",
          "aws-xml-protocol",
          "checksums",
          "checksums-spi",
          "crt-core",
          "dynamodb",
          "endpoints-spi",
          "eventstream",
          "http-auth",
          "http-auth-aws",
          "http-auth-aws-eventstream",
          "http-auth-spi",
          "http-client-spi",
          "identity-spi",
          "json-utils",
          "metrics-spi",
          "profiles",
          "protocol-core",
          "regions",
          "retries",
          "retries-spi",
          "s3",
          "sdk-core",
          "sts",
          "third-party-jackson-core",
          "utils",
          "utils-lite");

  /** The jars of each archive, without versions. */
  private static final Map<String, Set<String>> JARS =
      Map.of(
          "source-connector",
          union(SHARED, Set.of("ddbsync-dynamodb-source", "ion-java")),
          "sink-connector",
          union(
              SHARED,
              Set.of(
                  "ddbsync-redshift-sink",
                  "secretsmanager",
                  "redshift",
                  "redshiftserverless",
                  "redshift-jdbc42",
                  "postgresql",
                  "checker-qual",
                  "parquet-column",
                  "parquet-common",
                  "parquet-encoding",
                  "parquet-format-structures",
                  "parquet-hadoop",
                  "parquet-jackson",
                  "aircompressor",
                  "commons-pool",
                  "jts-core",
                  "snappy-java",
                  "zstd-jni")),
          "avro-converter",
          Set.of(
              "ddbsync-avro-converter",
              "apicurio-common-rest-client-common",
              "apicurio-common-rest-client-jdk",
              "apicurio-registry-client",
              "apicurio-registry-common",
              "apicurio-registry-schema-resolver",
              "apicurio-registry-serde-common",
              "apicurio-registry-serdes-avro-serde",
              "apicurio-registry-serdes-jsonschema-serde",
              "apicurio-registry-utils-converter",
              "avro",
              "commons-compress",
              "commons-lang3",
              "itu",
              "json",
              "json-schema-validator"));

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static final Pattern VERSIONED_JAR = Pattern.compile("(.+?)-\\d[\\w.\\-]*\\.jar");

  @ParameterizedTest
  @ValueSource(strings = {"source-connector", "sink-connector", "avro-converter"})
  void eachArchiveCarriesExactlyItsJarsTheirLicencesAndItsOwnDocs(String module) throws Exception {
    Path archive = archive(module);
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      List<String> names = new ArrayList<>();
      zip.stream().map(ZipEntry::getName).forEach(names::add);
      String root = names.get(0).substring(0, names.get(0).indexOf('/') + 1);
      assertThat(names).contains(root + "doc/LICENSE", root + "doc/NOTICE", root + "manifest.json");
      String licence = text(zip, root + "doc/LICENSE");
      assertThat(licence).contains("Apache License").contains("Version 2.0, January 2004");
      assertThat(text(zip, root + "manifest.json")).contains("Apache");

      Set<String> jars = new TreeSet<>();
      Set<String> versioned = new TreeSet<>();
      for (String name : names) {
        if (name.startsWith(root + "lib/") && name.endsWith(".jar")) {
          String file = name.substring((root + "lib/").length());
          Matcher matcher = VERSIONED_JAR.matcher(file);
          assertThat(matcher.matches()).as(file).isTrue();
          jars.add(matcher.group(1));
          versioned.add(file);
        }
      }
      assertThat(jars).as(archive.getFileName() + " lib/").isEqualTo(JARS.get(module));

      // Every third-party jar is in the licence list, with its version.
      String thirdParty = text(zip, root + "doc/third-party/THIRD-PARTY.txt");
      for (String file : versioned) {
        if (!file.startsWith("ddbsync-")) {
          String artifactAndVersion = file.substring(0, file.length() - ".jar".length());
          Matcher matcher = VERSIONED_JAR.matcher(file);
          matcher.matches();
          String version = artifactAndVersion.substring(matcher.group(1).length() + 1);
          assertThat(thirdParty)
              .as("THIRD-PARTY.txt lists " + file)
              .contains(":" + matcher.group(1) + ":" + version + " ");
        }
      }

      // Only this archive's docs: the source's docs are not in the sink's and the other way.
      List<String> docs =
          names.stream()
              .filter(n -> n.startsWith(root + "doc/") && n.endsWith(".md"))
              .map(n -> n.substring((root + "doc/").length()))
              .toList();
      if (module.equals("source-connector")) {
        assertThat(docs)
            .contains("source-config.md", "README.md")
            .noneMatch(d -> d.startsWith("sink-"));
      } else if (module.equals("sink-connector")) {
        assertThat(docs)
            .contains("sink-config.md", "README.md")
            .noneMatch(d -> d.startsWith("source-"));
      }
      assertThat(docs).doesNotContain("benchmarks.md", "architecture.md");
    }
  }

  @Test
  void theReleaseHasAChecksumOfEachFileAndStrimziResourcesPinnedToTheseArchives() throws Exception {
    String version = System.getProperty("ddbsync.version");
    Path release =
        BuildPaths.repositoryRoot().resolve("release/target").resolve("ddbsync-" + version);
    List<Path> files;
    try (Stream<Path> list = Files.list(release)) {
      files = list.filter(Files::isRegularFile).sorted().toList();
    }
    List<String> published =
        files.stream()
            .map(p -> p.getFileName().toString())
            .filter(n -> !n.endsWith(".sha512"))
            .toList();
    assertThat(published)
        .contains(
            "ddbsync-dynamodb-source-" + version + "-plugin.zip",
            "ddbsync-redshift-sink-" + version + "-plugin.zip",
            "ddbsync-avro-converter-" + version + "-plugin.zip",
            "ddbsync-cli-" + version + "-all.jar",
            "ddbsync-dynamodb-source-" + version + "-cyclonedx.json",
            "ddbsync-redshift-sink-" + version + "-cyclonedx.json");
    for (String file : published) {
      Path checksum = release.resolve(file + ".sha512");
      assertThat(checksum).as("checksum of " + file).exists();
      // The form `sha512sum -c` reads: <hex> *<file>.
      assertThat(Files.readString(checksum).trim())
          .isEqualTo(sha512(release.resolve(file)) + " *" + file);
    }
    String sbom =
        Files.readString(release.resolve("ddbsync-redshift-sink-" + version + "-cyclonedx.json"));
    assertThat(sbom)
        .contains("\"bomFormat\" : \"CycloneDX\"")
        .contains("pkg:maven/com.amazon.redshift/redshift-jdbc42@");

    String strimzi = Files.readString(release.resolve("strimzi/kafka-connect.yaml"));
    for (String plugin :
        List.of("ddbsync-dynamodb-source", "ddbsync-redshift-sink", "ddbsync-avro-converter")) {
      String file = plugin + "-" + version + "-plugin.zip";
      assertThat(strimzi)
          .contains("/v" + version + "/" + file + "\n")
          .contains("sha512sum: " + sha512(release.resolve(file)) + "\n");
    }
  }

  private static String sha512(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-512");
    return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
  }

  private static String text(ZipFile zip, String entry) throws Exception {
    ZipEntry found = zip.getEntry(entry);
    assertThat(found).as(entry).isNotNull();
    return new String(zip.getInputStream(found).readAllBytes(), StandardCharsets.UTF_8);
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
