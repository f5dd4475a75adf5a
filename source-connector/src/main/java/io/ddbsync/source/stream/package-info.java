/**
 * The stream: the handoff and lost-position rules and the shard tree (pure), the table stream
 * reader, the StreamClient port and its SDK adapter.
 */
package io.ddbsync.source.stream;
