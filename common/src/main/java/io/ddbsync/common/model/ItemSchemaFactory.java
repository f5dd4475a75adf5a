package io.ddbsync.common.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Builds the Connect schema of a table's items from its lineage. Every field is optional with a
 * null default, so any two schemas of one table are compatible in both directions as far as an Avro
 * registry is concerned: fields are only ever added, never retyped or removed.
 *
 * <p>Field order is deterministic: key attributes first (partition key, then sort key), then the
 * other attributes ordered by their original names, and for each attribute its kinds in history
 * order. Nested struct schemas are named after their path: {@code <item record>.<field>}.
 */
public final class ItemSchemaFactory {
  private static final Comparator<AttributeLineage> BY_NAME =
      Comparator.comparing(AttributeLineage::attribute);

  private ItemSchemaFactory() {}

  public static StructPlan build(
      StructLineage lineage, String recordName, List<String> leadingAttributes) {
    return build(lineage, recordName, leadingAttributes, Map.of());
  }

  private static StructPlan build(
      StructLineage lineage,
      String recordName,
      List<String> leadingAttributes,
      Map<String, String> parameters) {
    List<AttributeLineage> ordered = new ArrayList<>(lineage.attributes().size());
    for (String name : leadingAttributes) {
      AttributeLineage attribute = lineage.attribute(name);
      if (attribute != null) {
        ordered.add(attribute);
      }
    }
    List<AttributeLineage> rest = new ArrayList<>();
    for (AttributeLineage attribute : lineage.attributes()) {
      if (!leadingAttributes.contains(attribute.attribute())) {
        rest.add(attribute);
      }
    }
    rest.sort(BY_NAME);
    ordered.addAll(rest);

    SchemaBuilder struct = SchemaBuilder.struct().name(recordName).optional();
    parameters.forEach(struct::parameter);
    Map<String, StructPlan> childPlans = new HashMap<>();
    for (AttributeLineage attribute : ordered) {
      for (FieldKind kind : attribute.kinds()) {
        String fieldName = attribute.fieldName(kind);
        Map<String, String> fieldParameters =
            Map.of(
                SchemaParameters.ATTRIBUTE, attribute.attribute(),
                SchemaParameters.KIND, kind.tag());
        if (kind.base() == FieldKind.Base.MAP) {
          // The struct is the field's schema itself, so it carries the field's parameters.
          StructPlan child =
              build(
                  attribute.child(kind.tag()),
                  recordName + "." + fieldName,
                  List.of(),
                  fieldParameters);
          childPlans.put(fieldName, child);
          struct.field(fieldName, child.schema());
          continue;
        }
        StructPlan child = null;
        if (kind.containsStruct()) {
          child =
              build(attribute.child(kind.tag()), recordName + "." + fieldName, List.of(), Map.of());
          childPlans.put(fieldName, child);
        }
        SchemaBuilder fieldSchema = fieldSchema(kind, child);
        fieldParameters.forEach(fieldSchema::parameter);
        struct.field(fieldName, fieldSchema.optional().build());
      }
    }
    Schema schema = struct.build();

    Map<String, List<StructPlan.FieldPlan>> byAttribute = new HashMap<>();
    for (AttributeLineage attribute : ordered) {
      List<StructPlan.FieldPlan> fields = new ArrayList<>(attribute.kinds().size());
      for (FieldKind kind : attribute.kinds()) {
        String fieldName = attribute.fieldName(kind);
        Field field = schema.field(fieldName);
        fields.add(new StructPlan.FieldPlan(kind, field, childPlans.get(fieldName)));
      }
      byAttribute.put(attribute.attribute(), List.copyOf(fields));
    }
    return new StructPlan(schema, byAttribute);
  }

  /** A fresh builder (so that parameters can be added) for a field of {@code kind}. */
  private static SchemaBuilder fieldSchema(FieldKind kind, StructPlan child) {
    switch (kind.base()) {
      case LIST:
        return SchemaBuilder.array(elementSchema(kind.element(), child, true));
      case STRING_SET:
        return SchemaBuilder.array(Schema.STRING_SCHEMA);
      case BINARY_SET:
        return SchemaBuilder.array(Schema.BYTES_SCHEMA);
      case NUMBER_SET:
        return SchemaBuilder.array(elementSchema(kind.element(), null, false));
      default:
        return scalarBuilder(kind);
    }
  }

  private static Schema elementSchema(FieldKind kind, StructPlan child, boolean optional) {
    SchemaBuilder builder;
    switch (kind.base()) {
      case MAP:
        // The element struct is already optional; list elements may be DynamoDB NULL.
        return child.schema();
      case LIST:
        builder = SchemaBuilder.array(elementSchema(kind.element(), child, true));
        break;
      case STRING_SET:
        builder = SchemaBuilder.array(Schema.STRING_SCHEMA);
        break;
      case BINARY_SET:
        builder = SchemaBuilder.array(Schema.BYTES_SCHEMA);
        break;
      case NUMBER_SET:
        builder = SchemaBuilder.array(elementSchema(kind.element(), null, false));
        break;
      default:
        builder = scalarBuilder(kind);
    }
    return optional ? builder.optional().build() : builder.build();
  }

  private static SchemaBuilder scalarBuilder(FieldKind kind) {
    switch (kind.base()) {
      case STRING:
      case NUMBER_TEXT:
      case JSON:
        return SchemaBuilder.string();
      case LONG:
        return SchemaBuilder.int64();
      case DECIMAL:
        return Decimal.builder(kind.scale())
            .parameter(
                SchemaParameters.DECIMAL_PRECISION, Integer.toString(Numbers.DECIMAL_PRECISION));
      case BINARY:
        return SchemaBuilder.bytes();
      case BOOLEAN:
      case NULL:
        return SchemaBuilder.bool();
      default:
        throw new IllegalStateException("Not a scalar kind: " + kind);
    }
  }
}
