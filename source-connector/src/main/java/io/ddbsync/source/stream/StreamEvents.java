package io.ddbsync.source.stream;

import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.SourceInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** Maps DynamoDB stream records to change events. */
public final class StreamEvents {
  private static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

  private StreamEvents() {}

  public static ChangeEvent toEvent(String table, String streamArn, String shardId, Record record) {
    return toEvent(table, streamArn, shardId, record, 0);
  }

  /**
   * The event of a stream record that follows the snapshot started at {@code snapshotStartMillis}
   * (its generation; 0 for a stream read without a snapshot).
   */
  public static ChangeEvent toEvent(
      String table, String streamArn, String shardId, Record record, long snapshotStartMillis) {
    StreamRecord change = record.dynamodb();
    Operation operation =
        switch (record.eventNameAsString()) {
          case "INSERT" -> Operation.INSERT;
          case "MODIFY" -> Operation.MODIFY;
          case "REMOVE" -> Operation.REMOVE;
          default ->
              throw new IllegalArgumentException(
                  "Unknown stream event " + record.eventNameAsString() + " in table " + table);
        };
    SourceInfo streamed =
        SourceInfo.stream(
            table,
            streamArn,
            shardId,
            change.sequenceNumber(),
            record.eventID(),
            change.approximateCreationDateTime(),
            isTtlExpiry(record.userIdentity()));
    SourceInfo source =
        snapshotStartMillis > 0
            ? streamed.withSnapshotStart(Instant.ofEpochMilli(snapshotStartMillis))
            : streamed;
    Map<String, AttributeValue> newImage =
        operation == Operation.REMOVE || !change.hasNewImage() ? null : change.newImage();
    Map<String, AttributeValue> oldImage = change.hasOldImage() ? change.oldImage() : null;
    return new ChangeEvent(
        operation, keysOf(change.keys(), newImage, oldImage), newImage, oldImage, source);
  }

  /**
   * The key attributes, read from the item image when the record has one: the record key and the
   * item it carries then can never disagree (consumers deduplicate by the key and write the image).
   * DynamoDB's Keys hold the same values; moto 5.2.1 base64-encodes binary Keys a second time,
   * which this also keeps out of the key. A KEYS_ONLY stream has only Keys.
   */
  static Map<String, AttributeValue> keysOf(
      Map<String, AttributeValue> keys,
      Map<String, AttributeValue> newImage,
      Map<String, AttributeValue> oldImage) {
    Map<String, AttributeValue> image = newImage != null ? newImage : oldImage;
    if (image == null) {
      return keys;
    }
    Map<String, AttributeValue> fromImage = new LinkedHashMap<>();
    for (Map.Entry<String, AttributeValue> key : keys.entrySet()) {
      AttributeValue value = image.get(key.getKey());
      fromImage.put(key.getKey(), value != null ? value : key.getValue());
    }
    return fromImage;
  }

  /** DynamoDB marks deletions done by its TTL process with its own service principal. */
  static boolean isTtlExpiry(Identity identity) {
    return identity != null
        && "Service".equals(identity.type())
        && TTL_PRINCIPAL.equals(identity.principalId());
  }

  public static long createdAtMillis(Record record) {
    Instant created = record.dynamodb().approximateCreationDateTime();
    return created == null ? 0 : created.toEpochMilli();
  }
}
