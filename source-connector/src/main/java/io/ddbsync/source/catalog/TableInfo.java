package io.ddbsync.source.catalog;

import io.ddbsync.common.event.KeyAttribute;
import java.util.List;
import java.util.Objects;

/**
 * What the connector needs to know about one table, read with DescribeTable.
 *
 * @param tableId DynamoDB's TableId, which differs between a table and a table recreated under the
 *     same name
 * @param streamArn the latest stream's ARN, or null when the table has no enabled stream
 * @param streamViewType NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY, or null
 * @param provisionedReadUnits the table's provisioned RCU, 0 for on-demand tables
 * @param tableArn the table's ARN, which exports name; null where it is not known
 */
public record TableInfo(
    String name,
    String tableId,
    List<KeyAttribute> key,
    String streamArn,
    String streamViewType,
    long itemCount,
    long sizeBytes,
    long provisionedReadUnits,
    String tableArn) {

  public TableInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tableId, "tableId");
    key = List.copyOf(key);
  }

  public TableInfo(
      String name,
      String tableId,
      List<KeyAttribute> key,
      String streamArn,
      String streamViewType,
      long itemCount,
      long sizeBytes,
      long provisionedReadUnits) {
    this(
        name,
        tableId,
        key,
        streamArn,
        streamViewType,
        itemCount,
        sizeBytes,
        provisionedReadUnits,
        null);
  }

  public boolean hasStream() {
    return streamArn != null;
  }

  /** True when stream records carry the item after the change, which the connector needs. */
  public boolean streamHasNewImages() {
    return "NEW_IMAGE".equals(streamViewType) || "NEW_AND_OLD_IMAGES".equals(streamViewType);
  }

  public boolean onDemand() {
    return provisionedReadUnits <= 0;
  }

  /** Why this table cannot be streamed, with what to enable; null when it can. */
  public String streamProblem() {
    String fix =
        "enable a stream with view type NEW_AND_OLD_IMAGES (or NEW_IMAGE): aws dynamodb"
            + " update-table --table-name "
            + name
            + " --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES";
    if (!hasStream()) {
      return "Table " + name + " has no DynamoDB stream; " + fix;
    }
    if (!streamHasNewImages()) {
      return "Table "
          + name
          + "'s stream has view type "
          + streamViewType
          + ", which lacks the new item images the connector emits; "
          + fix;
    }
    return null;
  }
}
