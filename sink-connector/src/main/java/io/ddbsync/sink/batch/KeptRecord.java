package io.ddbsync.sink.batch;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What a buffer keeps of a routed record: the record without its value, when the worker can still
 * send the record's original bytes to the dead letter queue.
 *
 * <p>Once routed, a change's value is needed only for its item after the change and its key, which
 * the routing result holds; the rest of the envelope (the item before the change, the source
 * block's text, the operation) would stay alive until the batch's load commits, copied by every
 * young collection on the way. The worker hands {@code put()} records of its own class, which carry
 * the consumed record: its errant record reporter writes those original bytes to the dead letter
 * queue, whatever the value of the record it is given, and a record made from it with {@code
 * newRecord} keeps them, with its original topic, partition and offset. Any other record (a test's,
 * another framework's) is kept whole, since its reporter would serialize the value it is given.
 */
final class KeptRecord {
  private static final String WORKER_RECORD = "org.apache.kafka.connect.runtime.InternalSinkRecord";

  private KeptRecord() {}

  /** {@code record} without its value if the worker keeps its original bytes; else itself. */
  static SinkRecord of(SinkRecord record) {
    if (record.value() == null || !record.getClass().getName().equals(WORKER_RECORD)) {
      return record;
    }
    return record.newRecord(
        record.topic(),
        record.kafkaPartition(),
        record.keySchema(),
        record.key(),
        record.valueSchema(),
        null,
        record.timestamp(),
        record.headers());
  }
}
