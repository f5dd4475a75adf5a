package io.ddbsync.source.export;

import static io.ddbsync.common.testing.Items.item;
import static io.ddbsync.common.testing.Items.n;
import static io.ddbsync.common.testing.Items.s;
import static io.ddbsync.source.fixtures.ExportFixtures.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddbsync.source.fixtures.ExportFixtures;
import io.ddbsync.source.fixtures.InMemoryExportObjects;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Exports as AWS writes them ("DynamoDB table export output format", Developer Guide): found
 * through their manifests, read in both formats, full and incremental, and checked against the
 * manifest's item counts and MD5s.
 */
class ExportReadingTest {
  private final InMemoryExportObjects objects = new InMemoryExportObjects();
  private final ExportFixtures fixtures = new ExportFixtures(objects);
  private final ExportManifests manifests = new ExportManifests(objects);

  private static final Map<String, AttributeValue> EVERY_TYPE =
      Map.ofEntries(
          Map.entry("OrderId", s("o-1")),
          Map.entry("Total", n("424.50")),
          Map.entry("Blob", AttributeValue.fromB(SdkBytes.fromUtf8String("hello"))),
          Map.entry("Paid", AttributeValue.fromBool(true)),
          Map.entry("Nothing", AttributeValue.fromNul(true)),
          Map.entry("Address", AttributeValue.fromM(Map.of("City", s("Lisbon")))),
          Map.entry("Lines", AttributeValue.fromL(List.of(s("a"), n("2")))),
          Map.entry("Tags", AttributeValue.fromSs(List.of("x", "y"))),
          Map.entry("Sizes", AttributeValue.fromNs(List.of("1", "2.5"))),
          Map.entry(
              "Blobs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1, 2})))));

  @Test
  void aFullExportInDynamoDbJsonIsReadThroughItsManifestsWithEveryTypeExact() throws IOException {
    ExportDescription export =
        fixtures.write(
            "ddbsync/Orders",
            "01700000000000-a1b2c3d4",
            ExportFormat.DYNAMODB_JSON,
            false,
            1_700_000_000_000L,
            List.of(
                ExportFixtures.jsonItems(List.of(EVERY_TYPE, item("OrderId", s("o-2")))),
                ExportFixtures.jsonItems(List.of(item("OrderId", s("o-3"))))));

    ExportManifest manifest = manifests.read(export);

    assertThat(manifest.itemCount()).isEqualTo(3);
    assertThat(manifest.files())
        .extracting(ExportDataFile::key)
        .allMatch(
            key -> key.startsWith("ddbsync/Orders/AWSDynamoDB/01700000000000-a1b2c3d4/data/"));
    List<ExportRecord> read = readAll(manifest.files().get(0), ExportFormat.DYNAMODB_JSON);
    assertThat(read).extracting(ExportRecord::newImage).first().isEqualTo(EVERY_TYPE);
    assertThat(read).allMatch(r -> r.keys() == null && !r.isDeletion());
    assertThat(readAll(manifest.files().get(1), ExportFormat.DYNAMODB_JSON)).hasSize(1);
  }

  @Test
  void anIonExportMapsDynamoDbTypesAsTheGuideSays() throws IOException {
    // Numbers as Ion decimals (103., 6d2), sets as annotated lists, binary as blobs.
    String line =
        "$ion_1_0 {Item:{OrderId:\"o-1\",Id:103.,PageCount:6d2,Price:-2.50,Count:7,"
            + "Paid:false,Nothing:null,Blob:{{aGVsbG8=}},"
            + "Authors:$dynamodb_SS::[\"A\",\"B\"],Sizes:$dynamodb_NS::[1.,2.5],"
            + "Blobs:$dynamodb_BS::[{{AQI=}}],Address:{City:\"Lisbon\"},Lines:[\"a\",2.]}}";
    ExportDescription export =
        fixtures.write(
            "p", "01700000000000-ion00001", ExportFormat.ION, false, 1L, List.of(List.of(line)));

    ExportRecord record = readAll(manifests.read(export).files().get(0), ExportFormat.ION).get(0);

    Map<String, AttributeValue> item = record.newImage();
    assertThat(item.get("OrderId")).isEqualTo(s("o-1"));
    assertThat(item.get("Id")).isEqualTo(n("103"));
    assertThat(item.get("PageCount")).isEqualTo(n("600"));
    assertThat(item.get("Price")).isEqualTo(n("-2.50"));
    assertThat(item.get("Count")).isEqualTo(n("7"));
    assertThat(item.get("Paid")).isEqualTo(AttributeValue.fromBool(false));
    assertThat(item.get("Nothing")).isEqualTo(AttributeValue.fromNul(true));
    assertThat(item.get("Blob")).isEqualTo(AttributeValue.fromB(SdkBytes.fromUtf8String("hello")));
    assertThat(item.get("Authors")).isEqualTo(AttributeValue.fromSs(List.of("A", "B")));
    assertThat(item.get("Sizes")).isEqualTo(AttributeValue.fromNs(List.of("1", "2.5")));
    assertThat(item.get("Blobs"))
        .isEqualTo(AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1, 2}))));
    assertThat(item.get("Address")).isEqualTo(AttributeValue.fromM(Map.of("City", s("Lisbon"))));
    assertThat(item.get("Lines")).isEqualTo(AttributeValue.fromL(List.of(s("a"), n("2"))));
  }

  @Test
  void anIncrementalExportGivesEachChangeWithItsKeysImagesAndWriteTime() throws IOException {
    Map<String, AttributeValue> key = item("OrderId", s("o-1"));
    List<String> json =
        List.of(
            ExportFixtures.jsonChange(
                key,
                item("OrderId", s("o-1"), "Total", n("2")),
                item("OrderId", s("o-1"), "Total", n("1")),
                1_700_000_000_000_001L),
            ExportFixtures.jsonChange(
                item("OrderId", s("o-2")),
                null,
                item("OrderId", s("o-2")),
                1_700_000_000_000_002L));
    String ion =
        "$ion_1_0 {Metadata:{WriteTimestampMicros:1700000000000003},Keys:{OrderId:\"o-3\"},"
            + "NewImage:{OrderId:\"o-3\",Total:5.}}\n"
            + "$ion_1_0 {Metadata:{WriteTimestampMicros:1700000000000004},Keys:{OrderId:\"o-4\"},"
            + "OldImage:{OrderId:\"o-4\"}}";

    List<ExportRecord> fromJson =
        readAll(
            manifests
                .read(
                    fixtures.write(
                        "inc", "01-json", ExportFormat.DYNAMODB_JSON, true, 2L, List.of(json)))
                .files()
                .get(0),
            ExportFormat.DYNAMODB_JSON);
    List<ExportRecord> fromIon =
        readAll(
            manifests
                .read(
                    fixtures.write(
                        "inc",
                        "02-ion",
                        ExportFormat.ION,
                        true,
                        2L,
                        List.of(List.of(ion.split("\n")))))
                .files()
                .get(0),
            ExportFormat.ION);

    assertThat(fromJson.get(0).keys()).isEqualTo(key);
    assertThat(fromJson.get(0).newImage()).containsEntry("Total", n("2"));
    assertThat(fromJson.get(0).oldImage()).containsEntry("Total", n("1"));
    assertThat(fromJson.get(0).writeMicros()).isEqualTo(1_700_000_000_000_001L);
    assertThat(fromJson.get(1).isDeletion()).isTrue();
    assertThat(fromIon.get(0).newImage()).containsEntry("Total", n("5"));
    assertThat(fromIon.get(0).writeMicros()).isEqualTo(1_700_000_000_000_003L);
    assertThat(fromIon.get(1).isDeletion()).isTrue();
    assertThat(fromIon.get(1).keys()).containsEntry("OrderId", s("o-4"));
  }

  @Test
  void aDataFileThatChangedOrWasCutShortIsRefusedNamingIt() throws IOException {
    ExportDescription export =
        fixtures.write(
            "p",
            "03-checked",
            ExportFormat.DYNAMODB_JSON,
            false,
            1L,
            List.of(
                ExportFixtures.jsonItems(
                    List.of(item("OrderId", s("o-1")), item("OrderId", s("o-2"))))));
    ExportDataFile file = manifests.read(export).files().get(0);
    // One line fewer, still valid gzip: the MD5 and the count both tell.
    objects.put(
        BUCKET,
        file.key(),
        ExportFixtures.gzip(ExportFixtures.jsonItem(item("OrderId", s("o-1")))));

    assertThatThrownBy(() -> readAll(file, ExportFormat.DYNAMODB_JSON))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.key())
        .hasMessageContaining("holds 1 lines but its manifest counts 2");
    ExportDataFile sameCountOtherBytes = new ExportDataFile(file.key(), 1, file.md5Base64());
    assertThatThrownBy(() -> readAll(sameCountOtherBytes, ExportFormat.DYNAMODB_JSON))
        .hasMessageContaining("MD5");
  }

  @Test
  void manifestsThatDoNotAddUpAreRefused() {
    objects.put(
        BUCKET,
        "p/AWSDynamoDB/04/manifest-summary.json",
        "{\"manifestFilesS3Key\":\"AWSDynamoDB/04/manifest-files.json\",\"itemCount\":5}");
    objects.put(
        BUCKET,
        "p/AWSDynamoDB/04/manifest-files.json",
        "{\"itemCount\":4,\"md5Checksum\":\"x\",\"dataFileS3Key\":\"AWSDynamoDB/04/data/a.json.gz\"}\n");
    ExportDescription export =
        new ExportDescription(
            "arn:x/export/04",
            "COMPLETED",
            null,
            null,
            1,
            BUCKET,
            "p",
            "AWSDynamoDB/04/manifest-summary.json",
            ExportFormat.DYNAMODB_JSON,
            false,
            5);

    assertThatThrownBy(() -> manifests.read(export))
        .hasMessageContaining("counts 4 items but its summary 5");
  }

  @Test
  void anExportWithoutManifestsLikeMotosIsFoundByListingItsDataFiles() throws IOException {
    // moto writes <prefix>/AWSDynamoDB/<uuid>/data/<uuid>.gz only, and an ARN of its own shape.
    objects.put(
        BUCKET,
        "ddbsync/Orders/7/AWSDynamoDB/5f0c/data/9a1b.gz",
        ExportFixtures.gzip(ExportFixtures.jsonItem(item("OrderId", s("o-1"))) + "\n"));
    ExportDescription export =
        new ExportDescription(
            "arn:aws:dynamodb:us-east-1:123456789012:table/arn:aws:dynamodb:us-east-1:123456789012:table/Orders/import/abcd",
            "COMPLETED",
            null,
            null,
            0,
            BUCKET,
            "ddbsync/Orders/7",
            null,
            ExportFormat.DYNAMODB_JSON,
            false,
            1);

    ExportManifest manifest = manifests.read(export);

    assertThat(manifest.listed()).isTrue();
    assertThat(manifest.files())
        .singleElement()
        .satisfies(f -> assertThat(f.itemCount()).isEqualTo(-1));
    assertThat(readAll(manifest.files().get(0), ExportFormat.DYNAMODB_JSON)).hasSize(1);
  }

  @Test
  void keysWrittenInFullAndEmptyPartitionFilesAreReadToo() throws IOException {
    objects.put(BUCKET, "full/AWSDynamoDB/05/data/empty.json.gz", new byte[0]);
    objects.put(
        BUCKET,
        "full/AWSDynamoDB/05/manifest-summary.json",
        "{\"manifestFilesS3Key\":\"full/AWSDynamoDB/05/manifest-files.json\",\"itemCount\":0}");
    objects.put(
        BUCKET,
        "full/AWSDynamoDB/05/manifest-files.json",
        "{\"itemCount\":0,\"md5Checksum\":\"1B2M2Y8AsgTpgAmY7PhCfg==\","
            + "\"dataFileS3Key\":\"full/AWSDynamoDB/05/data/empty.json.gz\"}\n");
    ExportDescription export =
        new ExportDescription(
            "arn:x/export/05",
            "COMPLETED",
            null,
            null,
            1,
            BUCKET,
            "full",
            "full/AWSDynamoDB/05/manifest-summary.json",
            ExportFormat.DYNAMODB_JSON,
            false,
            0);

    ExportManifest manifest = manifests.read(export);

    assertThat(manifest.files())
        .extracting(ExportDataFile::key)
        .containsExactly("full/AWSDynamoDB/05/data/empty.json.gz");
    assertThat(readAll(manifest.files().get(0), ExportFormat.DYNAMODB_JSON)).isEmpty();
  }

  @Test
  void aRestartSkipsTheLinesItEmittedAndReadsOnFromThere() throws IOException {
    List<java.util.Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      items.add(item("OrderId", s("o-" + i)));
    }
    ExportDescription export =
        fixtures.write(
            "p",
            "06",
            ExportFormat.DYNAMODB_JSON,
            false,
            1L,
            List.of(ExportFixtures.jsonItems(items)));
    ExportDataFile file = manifests.read(export).files().get(0);

    List<ExportRecord> rest = new ArrayList<>();
    try (ExportFileReader reader =
        new ExportFileReader(objects.open(BUCKET, file.key()), file, ExportFormat.DYNAMODB_JSON)) {
      reader.skip(3);
      for (ExportRecord record = reader.next(); record != null; record = reader.next()) {
        rest.add(record);
      }
      reader.verify();
    }
    assertThat(rest).extracting(r -> r.newImage().get("OrderId").s()).containsExactly("o-3", "o-4");
  }

  private List<ExportRecord> readAll(ExportDataFile file, ExportFormat format) throws IOException {
    List<ExportRecord> records = new ArrayList<>();
    try (ExportFileReader reader =
        new ExportFileReader(objects.open(BUCKET, file.key()), file, format)) {
      for (ExportRecord record = reader.next(); record != null; record = reader.next()) {
        records.add(record);
      }
      reader.verify();
    }
    return records;
  }
}
