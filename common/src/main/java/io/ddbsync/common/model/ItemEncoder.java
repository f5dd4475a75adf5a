package io.ddbsync.common.model;

import io.ddbsync.common.json.DynamoJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Converts a DynamoDB item into a Connect struct of a schema built from the table's lineage. */
public final class ItemEncoder {
  /** Marks a value that a field kind cannot hold exactly; never a field value itself. */
  private static final Object DOES_NOT_FIT = new Object();

  private final KindRules rules;

  public ItemEncoder(KindRules rules) {
    this.rules = rules;
  }

  /**
   * Encodes {@code item}, or throws {@link UnassignedFieldException} when the plan lacks a field
   * for one of its values (see {@link AssignmentFinder}).
   */
  public Struct encode(StructPlan plan, Map<String, AttributeValue> item)
      throws UnassignedFieldException {
    return encodeStruct(plan, item, 0);
  }

  private Struct encodeStruct(StructPlan plan, Map<String, AttributeValue> attributes, int depth)
      throws UnassignedFieldException {
    Struct struct = new Struct(plan.schema());
    fill(struct, plan, attributes, depth);
    return struct;
  }

  private boolean fitsMap(AttributeValue value, int depth) {
    return value.type() == AttributeValue.Type.M && depth + 1 <= rules.maxDepth();
  }

  private void fill(
      Struct struct, StructPlan plan, Map<String, AttributeValue> attributes, int depth)
      throws UnassignedFieldException {
    for (Map.Entry<String, AttributeValue> entry : attributes.entrySet()) {
      List<StructPlan.FieldPlan> fields = plan.fieldsByAttribute().get(entry.getKey());
      if (fields == null) {
        throw new UnassignedFieldException(entry.getKey());
      }
      AttributeValue value = entry.getValue();
      Object converted = DOES_NOT_FIT;
      for (StructPlan.FieldPlan field : fields) {
        if (field.kind().base() == FieldKind.Base.MAP && fitsMap(value, depth)) {
          // Of its field's type by construction (the plan's schema), as every value set here.
          Struct nested = new Struct(field.child().schema());
          StructSlots.set(struct, field.field(), nested);
          fill(nested, field.child(), value.m(), depth + 1);
          converted = nested;
          break;
        }
        converted = convert(field.kind(), value, depth, field.child());
        if (converted != DOES_NOT_FIT) {
          StructSlots.set(struct, field.field(), converted);
          break;
        }
      }
      if (converted == DOES_NOT_FIT) {
        throw new UnassignedFieldException(entry.getKey());
      }
    }
  }

  /** Whether elements of a list of {@code kind} are (or contain lists of) maps. */
  private static boolean holdsMaps(FieldKind kind) {
    FieldKind element = kind.element();
    while (element != null && element.base() == FieldKind.Base.LIST) {
      element = element.element();
    }
    return element != null && element.base() == FieldKind.Base.MAP;
  }

  /**
   * The value as a field of {@code kind} holds it, or {@link #DOES_NOT_FIT} when that kind cannot
   * hold it exactly (see {@link KindRules#holds}, which this mirrors). Checking and converting in
   * one pass matters: it parses every number once and walks nested lists once.
   */
  private Object convert(FieldKind kind, AttributeValue value, int depth, StructPlan child)
      throws UnassignedFieldException {
    AttributeValue.Type type = value.type();
    switch (kind.base()) {
      case STRING:
        return type == AttributeValue.Type.S ? value.s() : DOES_NOT_FIT;
      case LONG:
      case DECIMAL:
      case NUMBER_TEXT:
        return type == AttributeValue.Type.N ? convertNumber(kind, value.n()) : DOES_NOT_FIT;
      case BINARY:
        return type == AttributeValue.Type.B ? value.b().asByteArray() : DOES_NOT_FIT;
      case BOOLEAN:
        return type == AttributeValue.Type.BOOL ? value.bool() : DOES_NOT_FIT;
      case NULL:
        return type == AttributeValue.Type.NUL ? Boolean.TRUE : DOES_NOT_FIT;
      case JSON:
        return rules.holds(kind, value, depth) ? DynamoJson.write(value) : DOES_NOT_FIT;
      case MAP:
        if (!fitsMap(value, depth)) {
          return DOES_NOT_FIT;
        }
        return encodeStruct(child, value.m(), depth + 1);
      case LIST:
        if (type != AttributeValue.Type.L || depth + 1 > rules.maxDepth()) {
          return DOES_NOT_FIT;
        }
        if (holdsMaps(kind) && !rules.holds(kind, value, depth)) {
          // Converting a map element throws for a nested attribute that has no field yet. The
          // whole list must be known to fit first: a later element that is no map sends the value
          // to another field, which is what AssignmentFinder decided too.
          return DOES_NOT_FIT;
        }
        List<Object> elements = new ArrayList<>(value.l().size());
        for (AttributeValue element : value.l()) {
          if (element.type() == AttributeValue.Type.NUL) {
            elements.add(null);
            continue;
          }
          Object converted = convert(kind.element(), element, depth + 1, child);
          if (converted == DOES_NOT_FIT) {
            return DOES_NOT_FIT;
          }
          elements.add(converted);
        }
        return elements;
      case STRING_SET:
        return type == AttributeValue.Type.SS ? new ArrayList<>(value.ss()) : DOES_NOT_FIT;
      case NUMBER_SET:
        if (type != AttributeValue.Type.NS) {
          return DOES_NOT_FIT;
        }
        List<Object> numbers = new ArrayList<>(value.ns().size());
        for (String number : value.ns()) {
          Object converted = convertNumber(kind.element(), number);
          if (converted == DOES_NOT_FIT) {
            return DOES_NOT_FIT;
          }
          numbers.add(converted);
        }
        return numbers;
      case BINARY_SET:
        if (type != AttributeValue.Type.BS) {
          return DOES_NOT_FIT;
        }
        List<Object> binaries = new ArrayList<>(value.bs().size());
        for (SdkBytes bytes : value.bs()) {
          binaries.add(bytes.asByteArray());
        }
        return binaries;
      default:
        throw new IllegalStateException("Unhandled kind " + kind);
    }
  }

  private static Object convertNumber(FieldKind kind, String number) {
    Object converted;
    switch (kind.base()) {
      case LONG:
        converted = Numbers.asLong(number);
        break;
      case DECIMAL:
        converted = Numbers.asDecimal(number, kind.scale());
        break;
      case NUMBER_TEXT:
        converted = number;
        break;
      default:
        throw new IllegalStateException("Not a number kind: " + kind);
    }
    return converted == null ? DOES_NOT_FIT : converted;
  }
}
