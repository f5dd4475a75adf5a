/**
 * Pure: routing records, buffering them per table with the newest change per key, and building
 * batches.
 */
package io.ddbsync.sink.batch;
