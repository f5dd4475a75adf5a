package io.ddbsync.source.stream;

import io.ddbsync.common.event.ChangeEvent;
import io.ddbsync.common.event.Operation;
import io.ddbsync.common.event.SourceInfo;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** Maps DynamoDB stream records to change events. */
public final class StreamEvents {
  private static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

  private StreamEvents() {}

  public static ChangeEvent toEvent(String table, String streamArn, String shardId, Record record) {
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
    SourceInfo source =
        SourceInfo.stream(
            table,
            streamArn,
            shardId,
            change.sequenceNumber(),
            record.eventID(),
            change.approximateCreationDateTime(),
            isTtlExpiry(record.userIdentity()));
    return new ChangeEvent(
        operation,
        change.keys(),
        operation == Operation.REMOVE || !change.hasNewImage() ? null : change.newImage(),
        change.hasOldImage() ? change.oldImage() : null,
        source);
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
