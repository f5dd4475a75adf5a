package io.ddbsync.common.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets a {@link Struct}'s values without {@link Struct#put}'s validation, for encoders that make
 * every value of its field's type by construction (the item model's plans).
 *
 * <p>Why: {@code put} checks the value against the field's schema, a struct value's whole tree, so
 * an item's values are checked once per level above them and once more when the item is put into
 * the envelope. Since Kafka 4.0 every check also builds the field's location text for a message it
 * shows only on failure: measured with JMH and an allocation profile ({@code
 * ChangeEventBenchmark.toConnectRecord}), those checks were 73% of the bytes allocated per item
 * turned into a change event. {@code ChangeEventModelProperties} checks every event valid for its
 * schema.
 *
 * <p>The values live in Connect's private array {@code values}, there since Connect's first
 * release. If a Connect version ever lacks it, or the JVM refuses the access, {@link #set} puts
 * values through {@code put}, validated as before. (The Avro converter has its own copy of this
 * class: it ships in an archive of its own, without this module.)
 */
public final class StructSlots {
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

  /**
   * Sets {@code field} (a field of the struct's schema) to {@code value}, which must be of the
   * field's type; the struct is returned.
   */
  public static Struct set(Struct struct, Field field, Object value) {
    if (VALUES == null) {
      return struct.put(field, value);
    }
    ((Object[]) VALUES.get(struct))[field.index()] = value;
    return struct;
  }
}
