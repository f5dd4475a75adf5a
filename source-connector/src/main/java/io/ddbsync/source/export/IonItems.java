package io.ddbsync.source.export;

import com.amazon.ion.IonReader;
import com.amazon.ion.IonType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB values from an export in Amazon Ion, as DynamoDB maps its types ("DynamoDB table export
 * output format", Developer Guide): string for S, decimal for N, blob for B, bool for BOOL, null
 * for NULL, struct for M, list for L, and a list annotated {@code $dynamodb_SS}, {@code
 * $dynamodb_NS} or {@code $dynamodb_BS} for a set.
 */
final class IonItems {
  static final String STRING_SET = "$dynamodb_SS";
  static final String NUMBER_SET = "$dynamodb_NS";
  static final String BINARY_SET = "$dynamodb_BS";

  private IonItems() {}

  /** The struct the reader stands on, as an item; the reader is left after it. */
  static Map<String, AttributeValue> item(IonReader reader) {
    if (reader.getType() != IonType.STRUCT) {
      throw new IllegalArgumentException("An item in Ion is a struct, not " + reader.getType());
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    reader.stepIn();
    while (reader.next() != null) {
      item.put(reader.getFieldName(), value(reader));
    }
    reader.stepOut();
    return item;
  }

  /** The value the reader stands on. */
  static AttributeValue value(IonReader reader) {
    IonType type = reader.getType();
    if (reader.isNullValue()) {
      return AttributeValue.fromNul(true);
    }
    switch (type) {
      case STRING:
        return AttributeValue.fromS(reader.stringValue());
      case INT:
      case DECIMAL:
      case FLOAT:
        return AttributeValue.fromN(number(reader));
      case BLOB:
        return AttributeValue.fromB(SdkBytes.fromByteArray(reader.newBytes()));
      case BOOL:
        return AttributeValue.fromBool(reader.booleanValue());
      case STRUCT:
        return AttributeValue.fromM(item(reader));
      case LIST:
        return list(reader);
      default:
        throw new IllegalArgumentException("DynamoDB exports no Ion " + type);
    }
  }

  /** Ion writes 600 as {@code 6d2}; DynamoDB's number text is its plain digits. */
  private static String number(IonReader reader) {
    BigDecimal decimal = reader.bigDecimalValue();
    return decimal.toPlainString();
  }

  private static AttributeValue list(IonReader reader) {
    String set = setAnnotation(reader.getTypeAnnotations());
    List<AttributeValue> elements = new ArrayList<>();
    reader.stepIn();
    while (reader.next() != null) {
      elements.add(value(reader));
    }
    reader.stepOut();
    if (set == null) {
      return AttributeValue.fromL(elements);
    }
    switch (set) {
      case STRING_SET:
        return AttributeValue.fromSs(elements.stream().map(AttributeValue::s).toList());
      case NUMBER_SET:
        return AttributeValue.fromNs(elements.stream().map(AttributeValue::n).toList());
      default:
        return AttributeValue.fromBs(elements.stream().map(AttributeValue::b).toList());
    }
  }

  private static String setAnnotation(String[] annotations) {
    for (String annotation : annotations) {
      if (annotation.equals(STRING_SET)
          || annotation.equals(NUMBER_SET)
          || annotation.equals(BINARY_SET)) {
        return annotation;
      }
    }
    return null;
  }
}
