package io.ddbsync.common.event;

import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One change to one item, as read from a snapshot page or a stream record. {@code keys} holds the
 * primary key attributes; the images are null where the stream's view type does not provide them
 * (and {@code newImage} is always null for removes).
 */
public record ChangeEvent(
    Operation operation,
    Map<String, AttributeValue> keys,
    Map<String, AttributeValue> newImage,
    Map<String, AttributeValue> oldImage,
    SourceInfo source) {

  public ChangeEvent {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(source, "source");
  }
}
