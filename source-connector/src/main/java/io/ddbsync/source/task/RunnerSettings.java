package io.ddbsync.source.task;

import io.ddbsync.common.event.ModelSettings;
import io.ddbsync.source.settings.LostPositionPolicy;
import io.ddbsync.source.settings.StreamStartPosition;
import java.time.Duration;

/**
 * The settings a task's readers run with, taken from the connector's configuration so that the
 * readers never depend on the configuration class.
 *
 * @param snapshotCompletionRecords whether the end of a snapshot is announced on the table's topic
 * @param snapshotParallelism how many of the task's segments are scanned at once
 * @param snapshotPageSize the Scan Limit, 0 to size pages by the read budget
 * @param readerRestartBackoff the first wait before a reader that failed retriably starts again
 */
public record RunnerSettings(
    String topicPrefix,
    String progressTopic,
    boolean tombstonesOnDelete,
    boolean snapshotCompletionRecords,
    int snapshotPageSize,
    boolean consistentRead,
    int snapshotParallelism,
    Duration throttleMaxBackoff,
    Duration streamPollInterval,
    int streamRecordsPerCall,
    Duration shardRefreshInterval,
    Duration handoffCheckInterval,
    LostPositionPolicy lostPositionPolicy,
    StreamStartPosition streamStartPosition,
    ModelSettings modelSettings,
    Duration readerRestartBackoff) {}
