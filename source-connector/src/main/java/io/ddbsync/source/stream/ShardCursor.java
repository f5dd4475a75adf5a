package io.ddbsync.source.stream;

/** The reading state of one shard: its iterator, the last sequence number seen, pacing. */
final class ShardCursor {
  final String shardId;
  String iterator;
  String lastSequenceNumber;
  long nextCallAtMillis;
  long caughtUpAtMillis;
  long lastRecordCreatedMillis;

  ShardCursor(String shardId, String storedSequenceNumber) {
    this(shardId, storedSequenceNumber, 0);
  }

  ShardCursor(String shardId, String storedSequenceNumber, long storedCreatedAtMillis) {
    this.shardId = shardId;
    this.lastSequenceNumber = storedSequenceNumber;
    this.lastRecordCreatedMillis = storedCreatedAtMillis;
  }

  /** How far this shard's changes are known to be emitted (see TableMarker.caughtUpTo). */
  long caughtUpToMillis() {
    return Math.max(caughtUpAtMillis, lastRecordCreatedMillis);
  }
}
