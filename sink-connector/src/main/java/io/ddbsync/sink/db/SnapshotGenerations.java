package io.ddbsync.sink.db;

import java.util.BitSet;

/**
 * What an item table has seen of its source's snapshot generations, kept in the table's comment
 * (after its {@link TableSource}): the newest generation known complete, and the partitions of the
 * topic that announced the end of a newer one so far. The source announces the end of a snapshot on
 * every partition of the topic after that partition's snapshot rows; only once the end has been
 * loaded from all of them is every row of the snapshot in the table, so only then may the rows of
 * older generations go. Pure: the loader reads and writes the comment under a lock.
 *
 * <p>Comment words: {@code snapshot=<micros>} (complete) and {@code
 * completing=<micros>/<partitions>/<hex of the partitions seen>}.
 *
 * @param completedMicros the newest generation complete on every partition; 0 for none
 * @param completingMicros a newer generation whose end some partitions announced; 0 for none
 * @param partitions how many partitions announce {@code completingMicros}
 * @param seen the partitions whose announcement of {@code completingMicros} was loaded
 */
public record SnapshotGenerations(
    long completedMicros, long completingMicros, int partitions, BitSet seen) {
  public static final SnapshotGenerations NONE = new SnapshotGenerations(0, 0, 0, new BitSet());

  private static final String COMPLETED = "snapshot=";
  private static final String COMPLETING = "completing=";

  public SnapshotGenerations {
    seen = (BitSet) seen.clone();
  }

  /** What a change of the end of a snapshot makes of this state. */
  public record Outcome(SnapshotGenerations next, boolean sweep) {}

  /**
   * Loads the end of generation {@code micros} from {@code partition} of a topic of {@code
   * partitions} partitions (0: the topic had none when the snapshot ended, so no partition holds
   * its rows). The outcome says whether the table is now complete at {@code micros}: then rows of
   * older generations are of items the snapshot did not find.
   */
  public Outcome complete(long micros, int partition, int partitions) {
    if (micros <= completedMicros || micros < completingMicros) {
      // Known already (a replay), or an older snapshot's end while a newer one is under way.
      return new Outcome(this, false);
    }
    if (partitions <= 0) {
      return new Outcome(new SnapshotGenerations(micros, 0, 0, new BitSet()), true);
    }
    BitSet nowSeen = micros == completingMicros ? (BitSet) seen.clone() : new BitSet();
    int count = micros == completingMicros ? Math.max(this.partitions, partitions) : partitions;
    nowSeen.set(partition);
    if (nowSeen.cardinality() >= count && nowSeen.nextClearBit(0) >= count) {
      return new Outcome(new SnapshotGenerations(micros, 0, 0, new BitSet()), true);
    }
    return new Outcome(new SnapshotGenerations(completedMicros, micros, count, nowSeen), false);
  }

  /** The comment words of this state; empty for none. */
  public String comment() {
    StringBuilder text = new StringBuilder();
    if (completedMicros > 0) {
      text.append(COMPLETED).append(completedMicros);
    }
    if (completingMicros > 0) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(COMPLETING)
          .append(completingMicros)
          .append('/')
          .append(partitions)
          .append('/')
          .append(hex(seen));
    }
    return text.toString();
  }

  /** The state an item table's comment records; {@link #NONE} for none or another's comment. */
  public static SnapshotGenerations parse(String comment) {
    if (TableSource.parse(comment) == null) {
      return NONE;
    }
    long completed = 0;
    long completing = 0;
    int partitions = 0;
    BitSet seen = new BitSet();
    for (String word : comment.split(" ")) {
      try {
        if (word.startsWith(COMPLETED)) {
          completed = Long.parseLong(word.substring(COMPLETED.length()));
        } else if (word.startsWith(COMPLETING)) {
          String[] parts = word.substring(COMPLETING.length()).split("/", -1);
          completing = Long.parseLong(parts[0]);
          partitions = Integer.parseInt(parts[1]);
          seen = BitSet.valueOf(java.util.HexFormat.of().parseHex(parts[2]));
        }
      } catch (RuntimeException notOurs) {
        // A hand-edited word: ignored, as if absent (the next end of a snapshot writes it again).
      }
    }
    return new SnapshotGenerations(completed, completing, partitions, seen);
  }

  private static String hex(BitSet bits) {
    return java.util.HexFormat.of().formatHex(bits.toByteArray());
  }
}
