package io.ddbsync.sink.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.SqlType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParquetRowsTest {
  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", SqlType.varchar(256), "id"),
          new Column("n", SqlType.BIGINT, "n"),
          new Column("position", SqlType.INTEGER, "p"),
          new Column("total", SqlType.decimal(9), "t"),
          new Column("at", SqlType.TIMESTAMP, "at"),
          new Column("flag", SqlType.BOOLEAN, "f"),
          new Column("raw", SqlType.varbyte(100), "r"),
          new Column("doc", SqlType.SUPER, "d"));

  @ParameterizedTest
  @EnumSource(
      value = CompressionCodecName.class,
      names = {"SNAPPY", "ZSTD", "UNCOMPRESSED"})
  void rowsRoundTripExactlyWithEveryCodecAndWithoutHadoopCodecs(CompressionCodecName codec) {
    List<Object[]> rows = new ArrayList<>();
    rows.add(
        new Object[] {
          "é€😀",
          Long.MIN_VALUE,
          7,
          new BigDecimal("-12345678901234567890123456789.123456789"),
          1_718_440_331_123_456L,
          true,
          new byte[] {0, -1, 42},
          "{\"a\":[1,2]}"
        });
    rows.add(
        new Object[] {
          "", Long.MAX_VALUE, 0, new BigDecimal("0.000000001"), 0L, false, new byte[0], "null"
        });
    rows.add(new Object[8]);

    byte[] file = ParquetRows.write(COLUMNS, rows, codec);
    List<Object[]> back = ParquetRows.read(file);

    assertThat(ParquetRows.columnNames(file))
        .containsExactly("id", "n", "position", "total", "at", "flag", "raw", "doc");
    assertThat(back).hasSize(3);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(back.get(i)).as("row %d", i).containsExactly(rows.get(i));
    }
  }

  @org.junit.jupiter.api.Test
  void columnsSpanningManyPagesWithNullsRoundTripRowByRow() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      boolean gap = i % 7 == 3;
      rows.add(
          new Object[] {
            gap ? null : "order-" + i + "-" + "x".repeat(40),
            gap ? null : (long) i * 31,
            i % 11 == 0 ? null : i,
            i % 5 == 0 ? null : new BigDecimal(i).movePointLeft(9),
            1_718_440_331_000_000L + i,
            i % 13 == 0 ? null : i % 2 == 0,
            i % 3 == 0 ? null : new byte[] {(byte) i},
            gap ? null : "{\"i\":" + i + "}"
          });
    }
    byte[] file = ParquetRows.write(COLUMNS, rows, CompressionCodecName.UNCOMPRESSED);
    assertThat(file.length)
        .as("the text column alone spans pages of 1 MB")
        .isGreaterThan(3_000_000);

    List<Object[]> back = ParquetRows.read(file);
    assertThat(back).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(back.get(i)).as("row %d", i).containsExactly(rows.get(i));
    }
  }

  /** A batch larger than a row group (128 MB by default; 1 MB here) is written as several. */
  @org.junit.jupiter.api.Test
  void rowsBeyondARowGroupGoToTheNextAndAllRoundTrip() throws Exception {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      rows.add(
          new Object[] {
            "order-" + i + "-" + "y".repeat(60),
            (long) i,
            i,
            null,
            1_718_440_331_000_000L + i,
            i % 2 == 0,
            null,
            i % 9 == 0 ? null : "{\"i\":" + i + "}"
          });
    }
    byte[] file = ParquetRows.write(COLUMNS, rows, CompressionCodecName.SNAPPY, 1 << 20);
    try (var reader =
        org.apache.parquet.hadoop.ParquetFileReader.open(
            InMemoryFiles.input(file),
            org.apache.parquet.HadoopFreeReadOptions.with(new ParquetCodecs()))) {
      assertThat(reader.getRowGroups()).hasSizeGreaterThan(1);
      assertThat(reader.getRowGroups().stream().mapToLong(g -> g.getRowCount()).sum())
          .isEqualTo(rows.size());
    }
    List<Object[]> back = ParquetRows.read(file);
    assertThat(back).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(back.get(i)).as("row %d", i).containsExactly(rows.get(i));
    }
  }

  @org.junit.jupiter.api.Test
  void distinctColumnsSkipTheDictionaryAndStillRoundTrip() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      rows.add(
          new Object[] {
            "ORD-" + i,
            (long) (i % 3),
            i,
            new BigDecimal(i % 2 == 0 ? "1.000000000" : "2.000000000"),
            1_718_440_331_000_000L + i,
            i % 2 == 0,
            new byte[] {(byte) i, (byte) (i >> 8)},
            i % 4 == 0 ? "{\"status\":\"PAID\"}" : "{\"status\":\"SHIPPED\"}"
          });
    }
    assertThat(ParquetRows.mostlyDistinct(rows, 0)).as("unique ids").isTrue();
    assertThat(ParquetRows.mostlyDistinct(rows, 1)).as("three values").isFalse();
    assertThat(ParquetRows.mostlyDistinct(rows, 6)).as("distinct byte arrays").isTrue();
    assertThat(ParquetRows.mostlyDistinct(rows, 7)).as("two documents").isFalse();
    assertThat(ParquetRows.mostlyDistinct(rows.subList(0, 100), 0)).as("too few to tell").isFalse();

    List<Object[]> back =
        ParquetRows.read(ParquetRows.write(COLUMNS, rows, CompressionCodecName.SNAPPY));
    assertThat(back).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i += 97) {
      assertThat(back.get(i)).as("row %d", i).containsExactly(rows.get(i));
    }
  }
}
