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
    for (Map.Entry<String, AttributeValue> entry : attributes.entrySet()) {
      List<StructPlan.FieldPlan> fields = plan.fieldsByAttribute().get(entry.getKey());
      if (fields == null) {
        throw new UnassignedFieldException(entry.getKey());
      }
      AttributeValue value = entry.getValue();
      StructPlan.FieldPlan target = null;
      for (StructPlan.FieldPlan field : fields) {
        if (rules.holds(field.kind(), value, depth)) {
          target = field;
          break;
        }
      }
      if (target == null) {
        throw new UnassignedFieldException(entry.getKey());
      }
      struct.put(target.field(), convert(target.kind(), value, depth, target.child()));
    }
    return struct;
  }

  private Object convert(FieldKind kind, AttributeValue value, int depth, StructPlan child)
      throws UnassignedFieldException {
    switch (kind.base()) {
      case STRING:
        return value.s();
      case LONG:
        return Numbers.asLong(value.n());
      case DECIMAL:
        return Numbers.asDecimal(value.n(), kind.scale());
      case NUMBER_TEXT:
        return value.n();
      case BINARY:
        return value.b().asByteArray();
      case BOOLEAN:
        return value.bool();
      case NULL:
        return Boolean.TRUE;
      case JSON:
        return DynamoJson.write(value);
      case MAP:
        return encodeStruct(child, value.m(), depth + 1);
      case LIST:
        List<Object> elements = new ArrayList<>(value.l().size());
        for (AttributeValue element : value.l()) {
          elements.add(
              element.type() == AttributeValue.Type.NUL
                  ? null
                  : convert(kind.element(), element, depth + 1, child));
        }
        return elements;
      case STRING_SET:
        return new ArrayList<>(value.ss());
      case NUMBER_SET:
        List<Object> numbers = new ArrayList<>(value.ns().size());
        for (String number : value.ns()) {
          numbers.add(convertNumber(kind.element(), number));
        }
        return numbers;
      case BINARY_SET:
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
    switch (kind.base()) {
      case LONG:
        return Numbers.asLong(number);
      case DECIMAL:
        return Numbers.asDecimal(number, kind.scale());
      default:
        return number;
    }
  }
}
