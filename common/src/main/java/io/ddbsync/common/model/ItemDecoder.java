package io.ddbsync.common.model;

import io.ddbsync.common.json.DynamoJson;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns an item struct of the change-event contract back into DynamoDB attribute values, using only
 * the schema parameters ({@code ddb.attribute}, {@code ddb.type}, {@code scale}). Any consumer can
 * use it; numbers come back in their shortest exact text.
 */
public final class ItemDecoder {
  private ItemDecoder() {}

  public static Map<String, AttributeValue> decode(Struct struct) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (Field field : struct.schema().fields()) {
      Object value = struct.get(field);
      if (value == null) {
        continue;
      }
      Schema schema = field.schema();
      String attribute = schema.parameters().get(SchemaParameters.ATTRIBUTE);
      FieldKind kind = kindOf(schema);
      item.put(attribute, decodeValue(kind, value));
    }
    return item;
  }

  /** The field kind a field schema of the contract declares. */
  public static FieldKind kindOf(Schema fieldSchema) {
    String tag = fieldSchema.parameters().get(SchemaParameters.KIND);
    if (tag == null) {
      throw new IllegalArgumentException(
          "Schema " + fieldSchema + " is not a field of the ddbsync change-event contract");
    }
    return FieldKind.parse(tag, decimalScaleOf(fieldSchema));
  }

  private static int decimalScaleOf(Schema schema) {
    Schema current = schema;
    while (current.type() == Schema.Type.ARRAY) {
      current = current.valueSchema();
    }
    if (Decimal.LOGICAL_NAME.equals(current.name())) {
      return Integer.parseInt(current.parameters().get(Decimal.SCALE_FIELD));
    }
    return 0;
  }

  /** One field's value back as a DynamoDB value, given the field's kind. */
  @SuppressWarnings("unchecked")
  public static AttributeValue decodeValue(FieldKind kind, Object value) {
    switch (kind.base()) {
      case STRING:
        return AttributeValue.fromS((String) value);
      case LONG:
        return AttributeValue.fromN(Long.toString((Long) value));
      case DECIMAL:
        return AttributeValue.fromN(Numbers.canonicalText((BigDecimal) value));
      case NUMBER_TEXT:
        return AttributeValue.fromN((String) value);
      case BINARY:
        return AttributeValue.fromB(bytes(value));
      case BOOLEAN:
        return AttributeValue.fromBool((Boolean) value);
      case NULL:
        return AttributeValue.fromNul(true);
      case JSON:
        return DynamoJson.read((String) value);
      case MAP:
        return AttributeValue.fromM(decode((Struct) value));
      case LIST:
        List<AttributeValue> elements = new ArrayList<>();
        for (Object element : (List<Object>) value) {
          elements.add(
              element == null
                  ? AttributeValue.fromNul(true)
                  : decodeValue(kind.element(), element));
        }
        return AttributeValue.fromL(elements);
      case STRING_SET:
        return AttributeValue.fromSs(new ArrayList<>((List<String>) value));
      case NUMBER_SET:
        List<String> numbers = new ArrayList<>();
        for (Object number : (List<Object>) value) {
          numbers.add(decodeValue(kind.element(), number).n());
        }
        return AttributeValue.fromNs(numbers);
      case BINARY_SET:
        List<SdkBytes> binaries = new ArrayList<>();
        for (Object element : (List<Object>) value) {
          binaries.add(bytes(element));
        }
        return AttributeValue.fromBs(binaries);
      default:
        throw new IllegalStateException("Unhandled kind " + kind);
    }
  }

  /** Converters hand bytes back as ByteBuffer, producers usually as byte[]; accept both. */
  private static SdkBytes bytes(Object value) {
    if (value instanceof ByteBuffer) {
      return SdkBytes.fromByteBuffer(((ByteBuffer) value).duplicate());
    }
    return SdkBytes.fromByteArray((byte[]) value);
  }
}
