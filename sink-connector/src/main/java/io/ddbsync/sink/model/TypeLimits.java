package io.ddbsync.sink.model;

/**
 * The largest values a dialect's columns take, in bytes, and how VARCHAR columns grow toward them.
 * Each dialect states its own ({@code Dialect.limits()}).
 *
 * @param maxVarcharBytes the longest VARCHAR; longer strings go to varchar.overflow.policy
 * @param maxVarbyteBytes the longest binary value
 * @param maxStagedJsonBytes the longest JSON text a SUPER (JSONB) column can be loaded with
 * @param textMayHoldNul whether VARCHAR and JSON values may contain the character U+0000 (valid in
 *     DynamoDB strings)
 */
public record TypeLimits(
    int maxVarcharBytes, int maxVarbyteBytes, int maxStagedJsonBytes, boolean textMayHoldNul) {
  private static final int[] VARCHAR_BUCKETS = {256, 1024, 4096, 16_384};

  /**
   * The VARCHAR size for values of {@code bytes} bytes: the next of 256, 1024, 4096, 16384 and the
   * longest VARCHAR, so that columns are widened rarely.
   */
  public int varcharBucket(int bytes) {
    for (int bucket : VARCHAR_BUCKETS) {
      if (bytes <= bucket && bucket < maxVarcharBytes) {
        return bucket;
      }
    }
    return maxVarcharBytes;
  }
}
