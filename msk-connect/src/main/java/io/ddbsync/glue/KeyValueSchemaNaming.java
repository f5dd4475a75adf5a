package io.ddbsync.glue;

import com.amazonaws.services.schemaregistry.common.AWSSchemaNamingStrategy;

/**
 * Names Glue schemas {@code <topic>-key} and {@code <topic>-value}, for the AWS Glue Schema
 * Registry converter's {@code schemaNameGenerationClass} setting.
 *
 * <p>Why: the converter's default names both the key's and the value's schema after the topic, so a
 * table's key struct and its change-event envelope become versions of one schema. Glue checks every
 * new version against the previous ones under the schema's compatibility mode, so with any mode but
 * NONE the second of the two is refused and the task fails; and under NONE a consumer sees the key
 * and the value as one evolving schema. One schema per side, as with Apicurio's or Confluent's
 * subject naming, keeps each FULL-compatible with its own earlier versions.
 */
public class KeyValueSchemaNaming implements AWSSchemaNamingStrategy {
  @Override
  public String getSchemaName(String transportName) {
    return transportName + "-value";
  }

  @Override
  public String getSchemaName(String transportName, Object data, boolean isKey) {
    return transportName + (isKey ? "-key" : "-value");
  }
}
