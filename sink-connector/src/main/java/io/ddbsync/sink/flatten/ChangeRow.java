package io.ddbsync.sink.flatten;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One change to apply: an upsert with the item after the change, or a delete by key.
 *
 * @param eventTimeMicros when the change happened (stream record creation or snapshot read), in
 *     microseconds since the epoch
 */
public record ChangeRow(
    boolean delete, Struct key, Struct after, long eventTimeMicros, SinkRecord record) {}
