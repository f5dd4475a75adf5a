/**
 * Adapter: the schema history kept in a one-partition Kafka topic, so every task agrees on field
 * assignments.
 */
package io.ddbsync.source.history;
