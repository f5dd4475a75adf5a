package io.ddbsync.common.model;

/**
 * Connect schema parameters of the change-event contract. Consumers (our sink included) read the
 * original DynamoDB names and the field kinds from these instead of parsing Avro names.
 */
public final class SchemaParameters {
  /** On every item field's schema: the DynamoDB attribute name, unsanitized. */
  public static final String ATTRIBUTE = "ddb.attribute";

  /** On every item field's schema: the {@link FieldKind} tag. */
  public static final String KIND = "ddb.type";

  /** On key and envelope schemas: the DynamoDB table name, unsanitized. */
  public static final String TABLE = "ddb.table";

  /** On key schemas: the attribute names of the key, partition key first, comma-separated. */
  public static final String KEY_ATTRIBUTES = "ddb.key.attributes";

  /** The parameter Avro converters read for a decimal's precision. */
  public static final String DECIMAL_PRECISION = "connect.decimal.precision";

  private SchemaParameters() {}
}
