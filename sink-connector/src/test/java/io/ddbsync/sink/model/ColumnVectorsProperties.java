package io.ddbsync.sink.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.parquet.ParquetRows;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/**
 * Rows kept column by column give back what was appended, value for value and class for class,
 * whatever the mix (nulls, a column whose values change class, text beyond Latin-1, values longer
 * than a chunk); and a Parquet file written from them is the very file written from the same rows
 * as arrays.
 */
class ColumnVectorsProperties {
  /** A column's SQL type and the values a batch's rows hold for it. */
  record TypedColumn(SqlType type, List<Object> values) {}

  @Property(tries = 300)
  void rowsReadBackAsTheyWereAppended(
      @ForAll("mixedRows") List<Object[]> rows, @ForAll("cuts") int cut) {
    int width = rows.get(0).length;
    ColumnVectors vectors = ColumnVectors.of(width, rows);

    assertThat(vectors.size()).isEqualTo(rows.size());
    ColumnVectors.Rows read = vectors.rows();
    for (int r = 0; r < rows.size(); r++) {
      assertSameValues(read.get(r), rows.get(r));
      for (int c = 0; c < width; c++) {
        assertSame(read.value(r, c), rows.get(r)[c]);
        assertThat(vectors.isNull(r, c)).isEqualTo(rows.get(r)[c] == null);
      }
    }
    int from = Math.min(cut, rows.size());
    ColumnVectors.Rows tail = read.subList(from, rows.size());
    for (int r = 0; r < tail.size(); r++) {
      assertSameValues(tail.get(r), rows.get(from + r));
    }
    int[] everyOther = new int[(rows.size() + 1) / 2];
    for (int i = 0; i < everyOther.length; i++) {
      everyOther[i] = everyOther.length - 1 - i; // reversed: selection keeps the order it is given
    }
    for (int i = 0; i < everyOther.length; i++) {
      everyOther[i] *= 2;
    }
    ColumnVectors selected = vectors.select(everyOther);
    for (int i = 0; i < everyOther.length; i++) {
      assertSameValues(selected.row(i), rows.get(everyOther[i]));
    }
  }

  @Property(tries = 150)
  void textAndBytesAreReadInPlaceAndMeasured(@ForAll("textRows") List<Object[]> rows) {
    ColumnVectors vectors = ColumnVectors.of(2, rows);
    int longestText = 0;
    for (int r = 0; r < rows.size(); r++) {
      String text = (String) rows.get(r)[0];
      if (text != null) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        longestText = Math.max(longestText, utf8.length);
        int offset = vectors.offset(r, 0);
        assertThat(Arrays.copyOfRange(vectors.bytes(r, 0), offset, offset + vectors.length(r, 0)))
            .isEqualTo(utf8);
        assertThat((byte[]) vectors.rowWithTextAsUtf8(r)[0]).isEqualTo(utf8);
      }
      assertThat(vectors.rowWithTextAsUtf8(r)[1]).isEqualTo(rows.get(r)[1]);
    }
    assertThat(vectors.inPlaceBytes(0)).isTrue();
    assertThat(vectors.maxBytes(0)).isEqualTo(longestText);
  }

  @Test
  void valuesLongerThanAChunkAndChunksFilledToTheEnd() {
    List<Object[]> rows = new ArrayList<>();
    String long1 = "a".repeat((1 << 20) + 5);
    String long2 = "é".repeat(700_000);
    for (int i = 0; i < 3_000; i++) {
      rows.add(new Object[] {"row " + i + " " + "x".repeat(i % 700), (long) i});
    }
    rows.add(new Object[] {long1, 1L});
    rows.add(new Object[] {"", null});
    rows.add(new Object[] {long2, 2L});
    rows.add(new Object[] {"after", 3L});
    ColumnVectors vectors = ColumnVectors.of(2, rows);
    for (int r = 0; r < rows.size(); r++) {
      assertSameValues(vectors.row(r), rows.get(r));
    }
    assertThat(vectors.maxBytes(0)).isEqualTo(1_400_000);
  }

  @Property(tries = 100)
  void aParquetFileWrittenFromVectorsIsTheFileWrittenFromArrays(
      @ForAll("typedColumns") List<TypedColumn> columns) {
    int rowsCount = columns.get(0).values().size();
    List<Column> schema = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      schema.add(new Column("c" + c, columns.get(c).type(), "c" + c));
    }
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < rowsCount; r++) {
      Object[] row = new Object[columns.size()];
      for (int c = 0; c < columns.size(); c++) {
        row[c] = columns.get(c).values().get(r);
      }
      rows.add(row);
    }
    ColumnVectors.Rows vectors = ColumnVectors.of(columns.size(), rows).rows();

    byte[] fromArrays = ParquetRows.write(schema, rows, CompressionCodecName.SNAPPY);
    byte[] fromVectors = ParquetRows.write(schema, vectors, CompressionCodecName.SNAPPY);

    assertThat(fromVectors).isEqualTo(fromArrays);
    int half = rowsCount / 2;
    assertThat(
            ParquetRows.write(
                schema, vectors.subList(half, rowsCount), CompressionCodecName.SNAPPY))
        .isEqualTo(
            ParquetRows.write(schema, rows.subList(half, rowsCount), CompressionCodecName.SNAPPY));
  }

  private static void assertSameValues(Object[] got, Object[] want) {
    assertThat(got).hasSameSizeAs(want);
    for (int c = 0; c < want.length; c++) {
      assertSame(got[c], want[c]);
    }
  }

  private static void assertSame(Object got, Object want) {
    if (want == null) {
      assertThat(got).isNull();
      return;
    }
    assertThat(got).isInstanceOf(want.getClass());
    if (want instanceof byte[] bytes) {
      assertThat((byte[]) got).isEqualTo(bytes);
    } else {
      // equals, not compareTo: a decimal keeps its scale
      assertThat(got).isEqualTo(want);
    }
  }

  private static Arbitrary<Object> anyValue() {
    return Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(12),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(20),
        Arbitraries.longs(),
        Arbitraries.integers(),
        Arbitraries.of(true, false),
        decimals(),
        Arbitraries.doubles());
  }

  private static Arbitrary<Object> decimals() {
    return Combinators.combine(
            Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
            Arbitraries.integers().between(0, 6))
        .as(BigDecimal::new);
  }

  @Provide
  Arbitrary<List<Object[]>> mixedRows() {
    return Arbitraries.integers()
        .between(1, 6)
        .flatMap(
            width ->
                // Each column mostly one kind, sometimes any: class changes within a column.
                Combinators.combine(
                        anyValue().list().ofSize(width), Arbitraries.integers().between(1, 80))
                    .flatAs(
                        (first, count) ->
                            Arbitraries.oneOf(
                                    Arbitraries.just(first.toArray()),
                                    anyValue().list().ofSize(width).map(List::toArray),
                                    Arbitraries.just(new Object[width]))
                                .list()
                                .ofSize(count)));
  }

  @Provide
  Arbitrary<Integer> cuts() {
    return Arbitraries.integers().between(0, 80);
  }

  @Provide
  Arbitrary<List<Object[]>> textRows() {
    Arbitrary<String> text =
        Arbitraries.oneOf(
            Arbitraries.just(null),
            Arbitraries.strings().ofMaxLength(30),
            Arbitraries.strings().ascii().ofMaxLength(30),
            Arbitraries.of("", "é", "日本語", "\uD83D\uDE00"));
    return Combinators.combine(text, Arbitraries.longs().injectNull(0.3))
        .as((t, n) -> new Object[] {t, n})
        .list()
        .ofMinSize(1)
        .ofMaxSize(60);
  }

  @Provide
  Arbitrary<List<TypedColumn>> typedColumns() {
    return Arbitraries.integers()
        .between(1, 400)
        .flatMap(count -> typedColumn(count).list().ofMinSize(1).ofMaxSize(8));
  }

  private static Arbitrary<TypedColumn> typedColumn(int count) {
    Arbitrary<Object> distinctText = Arbitraries.integers().map(i -> (Object) ("key-" + i + "-ü"));
    return Arbitraries.oneOf(
        column(SqlType.varchar(65_535), Arbitraries.strings().ofMaxLength(30), count),
        column(SqlType.varchar(256), distinctText, count),
        column(SqlType.SUPER, Arbitraries.of("{\"a\":1}", "[1,2]", "\"x\""), count),
        column(SqlType.BIGINT, Arbitraries.longs(), count),
        column(SqlType.TIMESTAMP, Arbitraries.longs().between(0, 4_000_000_000_000_000L), count),
        column(SqlType.INTEGER, Arbitraries.integers(), count),
        column(SqlType.BOOLEAN, Arbitraries.of(true, false), count),
        column(
            SqlType.decimal(2),
            Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25))
                .map(unscaled -> new BigDecimal(unscaled, 2)),
            count),
        column(
            SqlType.varbyte(1024), Arbitraries.bytes().array(byte[].class).ofMaxSize(16), count));
  }

  private static Arbitrary<TypedColumn> column(SqlType type, Arbitrary<?> values, int count) {
    return values
        .map(v -> (Object) v)
        .injectNull(0.2)
        .list()
        .ofSize(count)
        .map(list -> new TypedColumn(type, list));
  }
}
