package io.ddbsync.sink.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * Rows of one shape (one table's upserts, deletes or child rows) stored column by column: text and
 * bytes as slices of a few large byte chunks, whole numbers and flags in primitive arrays, decimals
 * as unscaled longs, anything else as objects. A frozen batch's rows stay alive until its load
 * commits; kept as objects (an array per row, a {@code String} and its array per text value, three
 * objects per decimal) every young collection copied them, and that copying was most of the sink's
 * garbage collection. Stored here they are a few dozen arrays per batch, whatever its size.
 *
 * <p>Appending decides each column's storage from its first value; a later value of another class
 * turns the column into objects (values are never converted, so reading gives back equal values of
 * the same classes: {@code Long}, {@code Integer}, {@code Boolean}, {@code String}, {@code byte[]},
 * {@code BigDecimal}, or whatever was appended). Appending is for one thread; once filled, reading
 * is safe from any number (nothing is modified by a read).
 */
public final class ColumnVectors {
  private static final int FIRST_CAPACITY = 16;

  private enum Kind {
    NONE, // only nulls so far
    TEXT,
    BYTES,
    LONG,
    INT,
    BOOLEAN,
    DECIMAL,
    OBJECT
  }

  /** One column: its storage kind and the arrays of that kind (the others stay null). */
  private static final class Vector {
    Kind kind = Kind.NONE;
    long[] nulls = new long[1];
    long[] longs; // LONG, DECIMAL (unscaled), BOOLEAN (0/1), TEXT and BYTES (ByteChunks address)
    int[] ints; // INT, or the length of a TEXT or BYTES value
    int scale; // DECIMAL
    Object[] objects; // OBJECT
    int maxBytes; // the longest TEXT or BYTES value, in bytes
  }

  private final int width;
  private final Vector[] vectors;
  private final ByteChunks chunks = new ByteChunks();
  private int size;
  private int capacity;
  private final int expectedRows;

  public ColumnVectors(int width) {
    this(width, FIRST_CAPACITY);
  }

  /** Vectors sized for {@code expectedRows} rows at first (they grow past it). */
  public ColumnVectors(int width, int expectedRows) {
    this.width = width;
    this.expectedRows = Math.max(1, expectedRows);
    this.vectors = new Vector[width];
    for (int i = 0; i < width; i++) {
      vectors[i] = new Vector();
    }
  }

  /** Vectors holding {@code rows}, each of {@code width} values. */
  public static ColumnVectors of(int width, List<Object[]> rows) {
    ColumnVectors vectors = new ColumnVectors(width, rows.size());
    for (Object[] row : rows) {
      vectors.append(row);
    }
    return vectors;
  }

  public int width() {
    return width;
  }

  public int size() {
    return size;
  }

  /** Appends one row of {@link #width()} values; the array is not kept. */
  public void append(Object[] row) {
    if (row.length != width) {
      throw new IllegalArgumentException(
          "A row of " + row.length + " values among rows of " + width);
    }
    if (size == capacity) {
      grow();
    }
    for (int c = 0; c < width; c++) {
      set(vectors[c], size, row[c]);
    }
    size++;
  }

  private void grow() {
    capacity = capacity == 0 ? expectedRows : capacity * 2;
    for (Vector vector : vectors) {
      if (vector.nulls.length * 64 < capacity) {
        vector.nulls = Arrays.copyOf(vector.nulls, (capacity + 63) / 64);
      }
      if (vector.longs != null) {
        vector.longs = Arrays.copyOf(vector.longs, capacity);
      }
      if (vector.ints != null) {
        vector.ints = Arrays.copyOf(vector.ints, capacity);
      }
      if (vector.objects != null) {
        vector.objects = Arrays.copyOf(vector.objects, capacity);
      }
    }
  }

  private void set(Vector vector, int row, Object value) {
    if (value == null) {
      vector.nulls[row >>> 6] |= 1L << row;
      if (vector.objects != null) {
        vector.objects[row] = null;
      }
      return;
    }
    if (vector.kind == Kind.NONE) {
      start(vector, value);
    }
    switch (vector.kind) {
      case TEXT -> {
        if (value instanceof String text) {
          putText(vector, row, text);
          return;
        }
      }
      case BYTES -> {
        if (value instanceof byte[] bytes) {
          putBytes(vector, row, bytes);
          return;
        }
      }
      case LONG -> {
        if (value instanceof Long number) {
          vector.longs[row] = number;
          return;
        }
      }
      case INT -> {
        if (value instanceof Integer number) {
          vector.ints[row] = number;
          return;
        }
      }
      case BOOLEAN -> {
        if (value instanceof Boolean flag) {
          vector.longs[row] = flag ? 1 : 0;
          return;
        }
      }
      case DECIMAL -> {
        if (value instanceof BigDecimal decimal && decimal.scale() == vector.scale) {
          BigInteger unscaled = decimal.unscaledValue();
          if (unscaled.bitLength() < 64) {
            vector.longs[row] = unscaled.longValue();
            return;
          }
        }
      }
      case OBJECT -> {
        vector.objects[row] = value;
        return;
      }
      case NONE -> throw new IllegalStateException("a started column has a kind");
    }
    // A value of another class than the column's first: the column keeps objects from now on.
    toObjects(vector, row);
    vector.objects[row] = value;
  }

  /** Chooses the column's storage from its first value. */
  private void start(Vector vector, Object value) {
    if (value instanceof String) {
      vector.kind = Kind.TEXT;
    } else if (value instanceof byte[]) {
      vector.kind = Kind.BYTES;
    } else if (value instanceof Long) {
      vector.kind = Kind.LONG;
    } else if (value instanceof Integer) {
      vector.kind = Kind.INT;
    } else if (value instanceof Boolean) {
      vector.kind = Kind.BOOLEAN;
    } else if (value instanceof BigDecimal decimal && decimal.unscaledValue().bitLength() < 64) {
      vector.kind = Kind.DECIMAL;
      vector.scale = decimal.scale();
    } else {
      vector.kind = Kind.OBJECT;
    }
    switch (vector.kind) {
      case TEXT, BYTES -> {
        vector.longs = new long[capacity];
        vector.ints = new int[capacity];
      }
      case INT -> vector.ints = new int[capacity];
      case OBJECT -> vector.objects = new Object[capacity];
      default -> vector.longs = new long[capacity];
    }
  }

  /** Turns the column's values before {@code row} into objects. */
  private void toObjects(Vector vector, int row) {
    Object[] objects = new Object[capacity];
    for (int r = 0; r < row; r++) {
      objects[r] = value(vector, r);
    }
    vector.kind = Kind.OBJECT;
    vector.objects = objects;
    vector.longs = null;
    vector.ints = null;
  }

  /** Text in UTF-8: ASCII written as it is read, anything else encoded by the JDK. */
  private void putText(Vector vector, int row, String text) {
    long address = chunks.appendAscii(text);
    if (address >= 0) {
      address(vector, row, address, text.length());
      return;
    }
    putBytes(vector, row, text.getBytes(StandardCharsets.UTF_8));
  }

  private void putBytes(Vector vector, int row, byte[] bytes) {
    address(vector, row, chunks.append(bytes, 0, bytes.length), bytes.length);
  }

  private static void address(Vector vector, int row, long address, int length) {
    vector.longs[row] = address;
    vector.ints[row] = length;
    vector.maxBytes = Math.max(vector.maxBytes, length);
  }

  public boolean isNull(int row, int column) {
    return (vectors[column].nulls[row >>> 6] & (1L << row)) != 0;
  }

  /** The value appended at {@code row}, {@code column}: equal to it, of the same class. */
  public Object value(int row, int column) {
    return value(vectors[column], row);
  }

  private Object value(Vector vector, int row) {
    if ((vector.nulls[row >>> 6] & (1L << row)) != 0) {
      return null;
    }
    return switch (vector.kind) {
      case TEXT ->
          new String(
              chunk(vector, row), offset(vector, row), vector.ints[row], StandardCharsets.UTF_8);
      case BYTES -> copyOfBytes(vector, row);
      case LONG -> vector.longs[row];
      case INT -> vector.ints[row];
      case BOOLEAN -> vector.longs[row] != 0;
      case DECIMAL -> BigDecimal.valueOf(vector.longs[row], vector.scale);
      case OBJECT -> vector.objects[row];
      case NONE -> null;
    };
  }

  /** The row's values as they were appended. */
  public Object[] row(int row) {
    Object[] values = new Object[width];
    for (int c = 0; c < width; c++) {
      values[c] = value(vectors[c], row);
    }
    return values;
  }

  /** The row's values, text as its UTF-8 bytes (as a staged file reads back for COPY). */
  public Object[] rowWithTextAsUtf8(int row) {
    Object[] values = new Object[width];
    for (int c = 0; c < width; c++) {
      Vector vector = vectors[c];
      values[c] =
          vector.kind == Kind.TEXT && !isNull(row, c)
              ? copyOfBytes(vector, row)
              : value(vector, row);
    }
    return values;
  }

  /** A new array of the bytes of a TEXT or BYTES value. */
  private byte[] copyOfBytes(Vector vector, int row) {
    int offset = offset(vector, row);
    return Arrays.copyOfRange(chunk(vector, row), offset, offset + vector.ints[row]);
  }

  /**
   * True when the column holds its non-null values as bytes in place ({@code String}s as UTF-8,
   * {@code byte[]}s as they are), readable without an object by {@link #bytes}, {@link #offset} and
   * {@link #length}.
   */
  public boolean inPlaceBytes(int column) {
    Kind kind = vectors[column].kind;
    return kind == Kind.TEXT || kind == Kind.BYTES || kind == Kind.NONE;
  }

  /** For {@link #inPlaceBytes} columns: the array holding the non-null value's bytes. */
  public byte[] bytes(int row, int column) {
    return chunk(vectors[column], row);
  }

  /** For {@link #inPlaceBytes} columns: where the value's bytes start in {@link #bytes}. */
  public int offset(int row, int column) {
    return offset(vectors[column], row);
  }

  /** For {@link #inPlaceBytes} columns: how many bytes the value has. */
  public int length(int row, int column) {
    return vectors[column].ints[row];
  }

  /** True when every non-null value of the column is a {@code String}, kept as UTF-8. */
  public boolean holdsText(int column) {
    return vectors[column].kind == Kind.TEXT;
  }

  /** True when every non-null value of the column is a {@code byte[]}. */
  public boolean holdsBytes(int column) {
    return vectors[column].kind == Kind.BYTES;
  }

  /** True when the column keeps its values as objects (of more than one class, or another). */
  public boolean holdsObjects(int column) {
    return vectors[column].kind == Kind.OBJECT;
  }

  /** True when the column holds {@code Long}s (or only nulls) as primitives: {@link #longValue}. */
  public boolean holdsLongs(int column) {
    Kind kind = vectors[column].kind;
    return kind == Kind.LONG || kind == Kind.NONE;
  }

  /**
   * True when the column holds its decimals as unscaled longs of scale {@code scale} (or only
   * nulls): {@link #longValue} gives the unscaled value.
   */
  public boolean holdsUnscaled(int column, int scale) {
    Vector vector = vectors[column];
    return (vector.kind == Kind.DECIMAL && vector.scale == scale) || vector.kind == Kind.NONE;
  }

  public long longValue(int row, int column) {
    return vectors[column].longs[row];
  }

  /**
   * The longest non-null value of the column in bytes, for text (UTF-8) and bytes; 0 for other
   * columns.
   */
  public int maxBytes(int column) {
    return vectors[column].maxBytes;
  }

  private byte[] chunk(Vector vector, int row) {
    return chunks.chunk(vector.longs[row]);
  }

  private static int offset(Vector vector, int row) {
    return ByteChunks.offset(vector.longs[row]);
  }

  /** New vectors with the given rows only, in the given order. */
  public ColumnVectors select(int[] rows) {
    ColumnVectors selected = new ColumnVectors(width, rows.length);
    Object[] values = new Object[width];
    for (int row : rows) {
      for (int c = 0; c < width; c++) {
        values[c] = value(vectors[c], row);
      }
      selected.append(values);
    }
    return selected;
  }

  /** The rows as a read-only list, each read as a new array of its values. */
  public Rows rows() {
    return new Rows(this, 0, size);
  }

  /** A read-only list view of some of the rows, from {@code from} (inclusive) to {@code to}. */
  public static final class Rows extends AbstractList<Object[]> implements RandomAccess {
    private final ColumnVectors vectors;
    private final int from;
    private final int to;

    private Rows(ColumnVectors vectors, int from, int to) {
      this.vectors = vectors;
      this.from = from;
      this.to = to;
    }

    public ColumnVectors vectors() {
      return vectors;
    }

    /** The index in {@link #vectors()} of this list's first row. */
    public int first() {
      return from;
    }

    @Override
    public Object[] get(int index) {
      return vectors.row(from + checked(index));
    }

    /** One value, without reading the rest of the row. */
    public Object value(int index, int column) {
      return vectors.value(from + checked(index), column);
    }

    private int checked(int index) {
      if (index < 0 || index >= to - from) {
        throw new IndexOutOfBoundsException(index + " of " + (to - from));
      }
      return index;
    }

    @Override
    public int size() {
      return to - from;
    }

    @Override
    public Rows subList(int fromIndex, int toIndex) {
      if (fromIndex < 0 || toIndex > size() || fromIndex > toIndex) {
        throw new IndexOutOfBoundsException(fromIndex + "-" + toIndex + " of " + size());
      }
      return new Rows(vectors, from + fromIndex, from + toIndex);
    }
  }

  /** One value of {@code rows}, without reading its whole row when they are vectors' rows. */
  public static Object valueAt(List<Object[]> rows, int row, int column) {
    return rows instanceof Rows vectorRows ? vectorRows.value(row, column) : rows.get(row)[column];
  }
}
