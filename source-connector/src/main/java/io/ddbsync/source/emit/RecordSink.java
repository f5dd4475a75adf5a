package io.ddbsync.source.emit;

import org.apache.kafka.connect.source.SourceRecord;

/** Where readers put the records they produce; blocks while full. */
public interface RecordSink {
  void put(SourceRecord record, long bytes) throws InterruptedException;
}
