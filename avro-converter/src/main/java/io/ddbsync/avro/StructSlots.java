package io.ddbsync.avro;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The array a {@link Struct} keeps its values in, so that a reader that makes every value of the
 * schema's type by construction can fill a struct without {@link Struct#put}.
 *
 * <p>Why: {@code put} validates the value against the field's schema, and a nested struct's whole
 * tree each time it is put into its parent, so a value three levels down is checked three times.
 * Since Kafka 4.0 every check also builds the field's location text for a message it only shows on
 * failure: measured with JMH and an allocation profile ({@code ConverterBenchmark.deserialize}),
 * that text was 63% of the bytes the Avro converter allocated per change event. The values the
 * compiled reader makes are those Apicurio's {@code AvroData} makes for the same bytes ({@code
 * DirectReadProperties} checks them equal, and valid for their schema).
 *
 * <p>The array is Connect's private field {@code values}, there since Connect's first release. If a
 * Connect version ever lacks it, or the JVM refuses the access, {@link #of} answers null and the
 * reader puts values one by one, validated as before.
 */
final class StructSlots {
  private static final Logger LOG = LoggerFactory.getLogger(StructSlots.class);
  private static final VarHandle VALUES = find();

  private StructSlots() {}

  private static VarHandle find() {
    try {
      return MethodHandles.privateLookupIn(Struct.class, MethodHandles.lookup())
          .findVarHandle(Struct.class, "values", Object[].class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // IllegalAccessException, NoSuchFieldException, or a SecurityException or
      // InaccessibleObjectException from a JVM that does not open Connect's classes: correct
      // either way, only slower.
      LOG.info(
          "Connect structs are filled through Struct.put, each value validated ({})", e.toString());
      return null;
    }
  }

  /** Whether structs are filled through their arrays on this Connect version and JVM. */
  static boolean available() {
    return VALUES != null;
  }

  /** The struct's values, by field index; null when they cannot be reached (see above). */
  static Object[] of(Struct struct) {
    return VALUES == null ? null : (Object[]) VALUES.get(struct);
  }
}
