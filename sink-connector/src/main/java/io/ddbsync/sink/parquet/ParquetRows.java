package io.ddbsync.sink.parquet;

import io.ddbsync.sink.model.Column;
import io.ddbsync.sink.model.ColumnVectors;
import io.ddbsync.sink.model.SqlType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Rows of a table as a flat Parquet file, columns in table order (Redshift's COPY matches Parquet
 * columns by position). Row values are Java objects per {@link SqlType}: String (VARCHAR, SUPER as
 * JSON text), Long (BIGINT, and TIMESTAMP as microseconds since the epoch, UTC), Integer,
 * BigDecimal (DECIMAL(38,s) as 16-byte FIXED_LEN_BYTE_ARRAY, the encoding Redshift Spectrum and
 * Spark use), Boolean, byte[] (VARBYTE). Written and read without Hadoop.
 */
public final class ParquetRows {
  private static final int DECIMAL_BYTES = 16;

  private ParquetRows() {}

  public static MessageType schema(List<Column> columns) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (Column column : columns) {
      message.addField(field(column));
    }
    return message.named("row");
  }

  private static Type field(Column column) {
    SqlType type = column.type();
    return switch (type.kind()) {
      case VARCHAR, SUPER ->
          Types.optional(PrimitiveType.PrimitiveTypeName.BINARY)
              .as(LogicalTypeAnnotation.stringType())
              .named(column.name());
      case BIGINT -> Types.optional(PrimitiveType.PrimitiveTypeName.INT64).named(column.name());
      case INTEGER -> Types.optional(PrimitiveType.PrimitiveTypeName.INT32).named(column.name());
      case DECIMAL ->
          Types.optional(PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
              .length(DECIMAL_BYTES)
              .as(LogicalTypeAnnotation.decimalType(type.scale(), type.length()))
              .named(column.name());
      case BOOLEAN -> Types.optional(PrimitiveType.PrimitiveTypeName.BOOLEAN).named(column.name());
      case VARBYTE -> Types.optional(PrimitiveType.PrimitiveTypeName.BINARY).named(column.name());
      // UTC wall-clock values for TIMESTAMP (without time zone) columns: not adjusted to UTC, so
      // that no reader converts them to a session's time zone on the way in.
      case TIMESTAMP ->
          Types.optional(PrimitiveType.PrimitiveTypeName.INT64)
              .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS))
              .named(column.name());
    };
  }

  /** Writes rows (each an array in column order) to an in-memory Parquet file. */
  public static byte[] write(
      List<Column> columns, Iterable<Object[]> rows, CompressionCodecName codec) {
    return write(columns, rows, codec, ParquetWriter.DEFAULT_BLOCK_SIZE);
  }

  /** As {@link #write}, ending a row group once {@code rowGroupBytes} are buffered. */
  static byte[] write(
      List<Column> columns,
      Iterable<Object[]> rows,
      CompressionCodecName codec,
      long rowGroupBytes) {
    InMemoryFiles.Output output = new InMemoryFiles.Output();
    MessageType schema = schema(columns);
    ParquetProperties.Builder properties =
        ParquetProperties.builder()
            // A staged file is read once, whole, by COPY, which does not use statistics.
            .withStatisticsEnabled(false)
            .withSizeStatisticsEnabled(false);
    List<Object[]> rowList = rows instanceof List<Object[]> list ? list : null;
    for (int i = 0; rowList != null && i < columns.size(); i++) {
      if (mostlyDistinct(rowList, i)) {
        properties.withDictionaryEncoding(columns.get(i).name(), false);
      }
    }
    try {
      new FileWriter(output, schema, columns, properties.build(), codec, rowGroupBytes).write(rows);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a Parquet file", e);
    }
    return output.toByteArray();
  }

  private static final int DISTINCT_SAMPLE = 256;

  /**
   * True when a sample of the column's values barely repeats, as for keys, identifiers and free
   * text. Parquet would otherwise build a dictionary for them, hashing every value, only to fall
   * back to plain encoding when the dictionary outgrows its page; skipping it saves that work and
   * loses no compression.
   */
  static boolean mostlyDistinct(List<Object[]> rows, int column) {
    if (rows.size() < DISTINCT_SAMPLE) {
      return false;
    }
    java.util.Set<Object> seen = new java.util.HashSet<>();
    int sampled = 0;
    int step = rows.size() / DISTINCT_SAMPLE;
    for (int i = 0; i < rows.size(); i += step) {
      Object value = ColumnVectors.valueAt(rows, i, column);
      if (value == null || value instanceof Boolean) {
        return false;
      }
      seen.add(value instanceof byte[] bytes ? java.nio.ByteBuffer.wrap(bytes) : value);
      sampled++;
    }
    return seen.size() * 10 >= sampled * 9;
  }

  /** Reads all rows of a Parquet file written by {@link #write}, in column order. */
  public static List<Object[]> read(byte[] file) {
    List<Object[]> rows = new ArrayList<>();
    read(file, rows::add);
    return rows;
  }

  /** The column names of a Parquet file, in file order. */
  public static List<String> columnNames(byte[] file) {
    try (ParquetFileReader reader = open(file)) {
      return reader.getFileMetaData().getSchema().getFields().stream().map(Type::getName).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read a Parquet file", e);
    }
  }

  /** Streams the rows of a Parquet file to {@code consumer}; values as in the class comment. */
  public static void read(byte[] file, java.util.function.Consumer<Object[]> consumer) {
    read(file, consumer, false);
  }

  /**
   * As {@link #read(byte[], java.util.function.Consumer)}, but text columns arrive as their UTF-8
   * bytes: for writers that send the bytes on (binary COPY), decoding them would be wasted work.
   */
  public static void readTextAsUtf8(byte[] file, java.util.function.Consumer<Object[]> consumer) {
    read(file, consumer, true);
  }

  /**
   * Reads column by column: the files are flat (one optional primitive per column), so Parquet's
   * record assembly is not needed; each column's values are read in one pass into the rows.
   */
  private static void read(
      byte[] file, java.util.function.Consumer<Object[]> consumer, boolean textAsUtf8) {
    try (ParquetFileReader reader = open(file)) {
      MessageType schema = reader.getFileMetaData().getSchema();
      String createdBy = reader.getFileMetaData().getCreatedBy();
      List<ColumnDescriptor> columns = schema.getColumns();
      int width = columns.size();
      PageReadStore rowGroup;
      while ((rowGroup = reader.readNextRowGroup()) != null) {
        int count = Math.toIntExact(rowGroup.getRowCount());
        Object[][] rows = new Object[count][width];
        ColumnReadStoreImpl store =
            new ColumnReadStoreImpl(rowGroup, unusedConverters(), schema, createdBy);
        for (int c = 0; c < width; c++) {
          ColumnDescriptor column = columns.get(c);
          ColumnReader values = store.getColumnReader(column);
          ValueReader value = valueReader(column.getPrimitiveType(), textAsUtf8);
          int present = column.getMaxDefinitionLevel();
          for (int r = 0; r < count; r++) {
            if (values.getCurrentDefinitionLevel() == present) {
              rows[r][c] = value.read(values);
            }
            values.consume();
          }
        }
        for (Object[] row : rows) {
          consumer.accept(row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read a Parquet file", e);
    }
  }

  /** Reads the current value of a column as the Java type of the class comment. */
  @FunctionalInterface
  private interface ValueReader {
    Object read(ColumnReader column);
  }

  private static ValueReader valueReader(PrimitiveType type, boolean textAsUtf8) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    return switch (type.getPrimitiveTypeName()) {
      case INT64 -> ColumnReader::getLong;
      case INT32 -> ColumnReader::getInteger;
      case BOOLEAN -> ColumnReader::getBoolean;
      case DOUBLE -> ColumnReader::getDouble;
      case FLOAT -> ColumnReader::getFloat;
      default -> {
        if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
          yield textAsUtf8
              ? column -> column.getBinary().getBytes()
              : column -> column.getBinary().toStringUsingUTF8();
        }
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
          int scale = decimal.getScale();
          yield column -> new BigDecimal(new BigInteger(column.getBinary().getBytes()), scale);
        }
        yield column -> column.getBinary().getBytes();
      }
    };
  }

  private static ParquetFileReader open(byte[] file) throws IOException {
    ParquetReadOptions options = HadoopFreeReadOptions.with(new ParquetCodecs());
    return ParquetFileReader.open(InMemoryFiles.input(file), options);
  }

  /** An unscaled value as {@link #decimalBytes(BigDecimal, int)} writes it: sign-extended. */
  static byte[] decimalBytes(long unscaled) {
    byte[] fixed = new byte[DECIMAL_BYTES];
    byte pad = (byte) (unscaled < 0 ? 0xFF : 0x00);
    for (int i = 0; i < DECIMAL_BYTES - Long.BYTES; i++) {
      fixed[i] = pad;
    }
    for (int i = 0; i < Long.BYTES; i++) {
      fixed[DECIMAL_BYTES - 1 - i] = (byte) (unscaled >>> (8 * i));
    }
    return fixed;
  }

  static byte[] decimalBytes(BigDecimal value, int scale) {
    BigInteger unscaled = value.setScale(scale).unscaledValue();
    byte[] minimal = unscaled.toByteArray();
    byte[] fixed = new byte[DECIMAL_BYTES];
    byte pad = (byte) (unscaled.signum() < 0 ? 0xFF : 0x00);
    int offset = DECIMAL_BYTES - minimal.length;
    for (int i = 0; i < offset; i++) {
      fixed[i] = pad;
    }
    System.arraycopy(minimal, 0, fixed, offset, minimal.length);
    return fixed;
  }

  /**
   * Writes rows straight to Parquet's column writers: the files are flat (one optional primitive
   * per column), so the record layer of Parquet's {@code ParquetWriter} (a record consumer walking
   * field names and nesting for every value) has nothing to do. Row groups end where Parquet's own
   * writer would end them, at {@link ParquetWriter#DEFAULT_BLOCK_SIZE} bytes buffered (checked
   * every 1,024 rows).
   */
  private static final class FileWriter {
    private final ParquetFileWriter file;
    private final MessageType schema;
    private final SqlType[] types;
    private final ParquetProperties properties;
    private final CompressionCodecFactory.BytesInputCompressor compressor;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    private ColumnWriter[] writers;
    private final long rowGroupBytes;
    private long rowsInGroup;

    FileWriter(
        InMemoryFiles.Output output,
        MessageType schema,
        List<Column> columns,
        ParquetProperties properties,
        CompressionCodecName codec,
        long rowGroupBytes)
        throws IOException {
      this.rowGroupBytes = rowGroupBytes;
      this.schema = schema;
      this.types = columns.stream().map(Column::type).toArray(SqlType[]::new);
      this.properties = properties;
      this.compressor = new ParquetCodecs().getCompressor(codec);
      this.file =
          new ParquetFileWriter(
              output,
              schema,
              ParquetFileWriter.Mode.OVERWRITE,
              rowGroupBytes,
              ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
              null,
              properties);
    }

    void write(Iterable<Object[]> rows) throws IOException {
      file.start();
      startGroup();
      if (rows instanceof ColumnVectors.Rows stored) {
        write(stored.vectors(), stored.first(), stored.first() + stored.size());
      } else {
        for (Object[] row : rows) {
          for (int i = 0; i < types.length; i++) {
            writeValue(writers[i], types[i], row[i]);
          }
          endRow();
        }
      }
      endGroup();
      file.end(new HashMap<>());
    }

    /**
     * Rows kept column by column: text and bytes written from where they lie, as slices (they are
     * never modified once built), whole numbers without their boxes; other values as objects.
     */
    private void write(ColumnVectors vectors, int from, int to) throws IOException {
      boolean[] inPlace = new boolean[types.length];
      boolean[] longs = new boolean[types.length];
      boolean[] unscaled = new boolean[types.length];
      for (int i = 0; i < types.length; i++) {
        SqlType.Kind kind = types[i].kind();
        unscaled[i] = kind == SqlType.Kind.DECIMAL && vectors.holdsUnscaled(i, types[i].scale());
        inPlace[i] =
            vectors.inPlaceBytes(i)
                && (kind == SqlType.Kind.VARCHAR
                    || kind == SqlType.Kind.SUPER
                    || kind == SqlType.Kind.VARBYTE);
        longs[i] =
            vectors.holdsLongs(i)
                && (kind == SqlType.Kind.BIGINT || kind == SqlType.Kind.TIMESTAMP);
      }
      for (int row = from; row < to; row++) {
        for (int i = 0; i < types.length; i++) {
          if (vectors.isNull(row, i)) {
            writers[i].writeNull(0, 0);
          } else if (inPlace[i]) {
            writers[i].write(
                Binary.fromConstantByteArray(
                    vectors.bytes(row, i), vectors.offset(row, i), vectors.length(row, i)),
                0,
                1);
          } else if (longs[i]) {
            writers[i].write(vectors.longValue(row, i), 0, 1);
          } else if (unscaled[i]) {
            writers[i].write(
                Binary.fromConstantByteArray(decimalBytes(vectors.longValue(row, i))), 0, 1);
          } else {
            writeValue(writers[i], types[i], vectors.value(row, i));
          }
        }
        endRow();
      }
    }

    private void endRow() throws IOException {
      store.endRecord();
      if (++rowsInGroup % 1024 == 0 && store.getBufferedSize() >= rowGroupBytes) {
        endGroup();
        startGroup();
      }
    }

    private void startGroup() {
      pages =
          new ColumnChunkPageWriteStore(
              compressor,
              schema,
              properties.getAllocator(),
              properties.getColumnIndexTruncateLength(),
              properties.getPageWriteChecksumEnabled());
      store = properties.newColumnWriteStore(schema, pages, pages);
      List<ColumnDescriptor> descriptors = schema.getColumns();
      writers = new ColumnWriter[descriptors.size()];
      for (int i = 0; i < writers.length; i++) {
        writers[i] = store.getColumnWriter(descriptors.get(i));
      }
      rowsInGroup = 0;
    }

    private void endGroup() throws IOException {
      if (rowsInGroup > 0) {
        file.startBlock(rowsInGroup);
        store.flush();
        pages.flushToFileWriter(file);
        file.endBlock();
      }
      store.close();
      pages.close();
    }

    /** One value of a column: null (definition level 0) or present (level 1). */
    private static void writeValue(ColumnWriter writer, SqlType type, Object value) {
      if (value == null) {
        writer.writeNull(0, 0);
        return;
      }
      switch (type.kind()) {
        // Not Binary.fromString: it wraps each value's bytes in a ByteBuffer besides.
        case VARCHAR, SUPER ->
            writer.write(
                Binary.fromConstantByteArray(((String) value).getBytes(StandardCharsets.UTF_8)),
                0,
                1);
        case BIGINT, TIMESTAMP -> writer.write((Long) value, 0, 1);
        case INTEGER -> writer.write((Integer) value, 0, 1);
        case DECIMAL ->
            writer.write(
                Binary.fromConstantByteArray(decimalBytes((BigDecimal) value, type.scale())), 0, 1);
        case BOOLEAN -> writer.write((Boolean) value, 0, 1);
        case VARBYTE -> writer.write(Binary.fromConstantByteArray((byte[]) value), 0, 1);
      }
    }
  }

  /**
   * The converters {@link ColumnReadStoreImpl} asks for, one per column. Values are taken from the
   * column readers directly (dictionary pages included), so these are never called.
   */
  private static GroupConverter unusedConverters() {
    PrimitiveConverter none = new PrimitiveConverter() {};
    return new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return none;
      }

      @Override
      public void start() {}

      @Override
      public void end() {}
    };
  }

  /** Text of a value for messages, without dumping binaries. */
  public static String describe(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes.length + " bytes";
    }
    if (value instanceof String text && text.getBytes(StandardCharsets.UTF_8).length > 80) {
      return "'"
          + text.substring(0, 40)
          + "...' ("
          + text.getBytes(StandardCharsets.UTF_8).length
          + " bytes)";
    }
    return String.valueOf(value);
  }
}
