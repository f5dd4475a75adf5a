package io.ddbsync.source.export;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One line of an export data file. A full export's line is an item ({@code Item}); an incremental
 * export's is a change: the item's key, its image after the change ({@code NewImage}, absent when
 * the item was deleted), its image before (with NEW_AND_OLD_IMAGES) and when it was written.
 *
 * @param keys the item's key attributes (incremental exports); null in a full export
 * @param newImage the item (full export) or its image after the change; null for a deletion
 * @param oldImage the image before the change, when the export has it; else null
 * @param writeMicros when the change was written (incremental exports), in microseconds since the
 *     epoch; 0 in a full export
 */
public record ExportRecord(
    Map<String, AttributeValue> keys,
    Map<String, AttributeValue> newImage,
    Map<String, AttributeValue> oldImage,
    long writeMicros) {

  /** A full export's item. */
  public static ExportRecord item(Map<String, AttributeValue> item) {
    return new ExportRecord(null, item, null, 0);
  }

  /** Whether the line records the item's deletion (an incremental export without a new image). */
  public boolean isDeletion() {
    return newImage == null;
  }
}
