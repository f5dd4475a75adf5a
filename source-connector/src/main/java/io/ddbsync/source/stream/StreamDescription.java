package io.ddbsync.source.stream;

import java.util.List;

/** A stream's status (ENABLING, ENABLED, DISABLING, DISABLED) and all its shards. */
public record StreamDescription(String streamArn, String status, List<ShardInfo> shards) {
  public StreamDescription {
    shards = List.copyOf(shards);
  }

  public boolean isDisabled() {
    return "DISABLED".equals(status) || "DISABLING".equals(status);
  }
}
