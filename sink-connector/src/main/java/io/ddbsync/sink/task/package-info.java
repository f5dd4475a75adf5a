/**
 * A task's discipline: when batches freeze, the one load running with its retries, the dead letter
 * queue, and the offsets preCommit may return.
 */
package io.ddbsync.sink.task;
