package io.ddbsync.common.event;

import io.ddbsync.common.model.FieldKind;
import io.ddbsync.common.model.Numbers;
import io.ddbsync.common.model.SchemaParameters;
import io.ddbsync.common.names.AvroNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The record key of a table: a struct of its primary key attributes with their declared types. The
 * schema depends only on the table's key definition and settings, never on the data, so all changes
 * of one item produce identical key bytes and land in one partition.
 */
public final class KeyEncoder {
  private final String table;
  private final List<KeyAttribute> attributes;
  private final KeyNumberMapping numberMapping;
  private final int decimalScale;
  private final Schema schema;
  private final List<Field> fields;

  public KeyEncoder(
      String namespace,
      String table,
      List<KeyAttribute> attributes,
      KeyNumberMapping numberMapping,
      int decimalScale) {
    if (attributes.isEmpty() || attributes.size() > 2) {
      throw new IllegalArgumentException("A DynamoDB key has one or two attributes");
    }
    this.table = table;
    this.attributes = List.copyOf(attributes);
    this.numberMapping = numberMapping;
    this.decimalScale = decimalScale;

    List<String> names = new ArrayList<>();
    SchemaBuilder builder =
        SchemaBuilder.struct()
            .name(EnvelopeSchemas.tableNamespace(namespace, table) + ".Key")
            .parameter(SchemaParameters.TABLE, table)
            .parameter(SchemaParameters.KEY_ATTRIBUTES, keyList(attributes));
    for (KeyAttribute attribute : attributes) {
      String name = AvroNames.candidate(attribute.name());
      if (names.contains(name)) {
        name = name + AvroNames.disambiguator(attribute.name());
      }
      names.add(name);
      SchemaBuilder fieldSchema = fieldSchema(attribute.type());
      fieldSchema.parameter(SchemaParameters.ATTRIBUTE, attribute.name());
      fieldSchema.parameter(SchemaParameters.KIND, kindOf(attribute.type()).tag());
      builder.field(name, fieldSchema.build());
    }
    this.schema = builder.build();
    this.fields = schema.fields();
  }

  public Schema schema() {
    return schema;
  }

  public List<KeyAttribute> attributes() {
    return attributes;
  }

  /** The key attribute names, partition key first. */
  public List<String> attributeNames() {
    List<String> names = new ArrayList<>(attributes.size());
    for (KeyAttribute attribute : attributes) {
      names.add(attribute.name());
    }
    return names;
  }

  public Struct encode(Map<String, AttributeValue> keys) {
    Struct key = new Struct(schema);
    for (int i = 0; i < attributes.size(); i++) {
      KeyAttribute attribute = attributes.get(i);
      AttributeValue value = keys.get(attribute.name());
      if (value == null) {
        throw new DataException(
            "Table "
                + table
                + ": an event lacks key attribute '"
                + attribute.name()
                + "'; DynamoDB always sends it, so the table's key definition changed");
      }
      key.put(fields.get(i), keyValue(attribute, value));
    }
    return key;
  }

  private Object keyValue(KeyAttribute attribute, AttributeValue value) {
    switch (attribute.type()) {
      case S:
        return value.s();
      case B:
        return value.b().asByteArray();
      case N:
        return numberValue(attribute, value.n());
      default:
        throw new IllegalStateException("Unhandled key type " + attribute.type());
    }
  }

  private Object numberValue(KeyAttribute attribute, String number) {
    switch (numberMapping) {
      case INT64:
        Long asLong = Numbers.asLong(number);
        if (asLong == null) {
          throw new DataException(
              keyProblem(attribute, number)
                  + " is not an integer in the int64 range; set key.number.mapping to DECIMAL or"
                  + " STRING for this connector (on a new topic: the key schema changes)");
        }
        return asLong;
      case DECIMAL:
        BigDecimal decimal = Numbers.asDecimal(number, decimalScale);
        if (decimal == null) {
          throw new DataException(
              keyProblem(attribute, number)
                  + " needs more digits than a decimal of scale "
                  + decimalScale
                  + " holds; set key.number.mapping to STRING (on a new topic)");
        }
        return decimal;
      case STRING:
        return number;
      default:
        throw new IllegalStateException("Unhandled mapping " + numberMapping);
    }
  }

  private String keyProblem(KeyAttribute attribute, String number) {
    return "Table " + table + ": key attribute '" + attribute.name() + "' value " + number;
  }

  private SchemaBuilder fieldSchema(KeyAttribute.ScalarType type) {
    switch (type) {
      case S:
        return SchemaBuilder.string();
      case B:
        return SchemaBuilder.bytes();
      case N:
        switch (numberMapping) {
          case INT64:
            return SchemaBuilder.int64();
          case DECIMAL:
            return Decimal.builder(decimalScale)
                .parameter(
                    SchemaParameters.DECIMAL_PRECISION,
                    Integer.toString(Numbers.DECIMAL_PRECISION));
          default:
            return SchemaBuilder.string();
        }
      default:
        throw new IllegalStateException("Unhandled key type " + type);
    }
  }

  private FieldKind kindOf(KeyAttribute.ScalarType type) {
    switch (type) {
      case S:
        return FieldKind.STRING;
      case B:
        return FieldKind.BINARY;
      default:
        switch (numberMapping) {
          case INT64:
            return FieldKind.LONG;
          case DECIMAL:
            return FieldKind.decimal(decimalScale);
          default:
            return FieldKind.NUMBER_TEXT;
        }
    }
  }

  private static String keyList(List<KeyAttribute> attributes) {
    StringBuilder text = new StringBuilder();
    for (KeyAttribute attribute : attributes) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(attribute.name());
    }
    return text.toString();
  }
}
