/** Parquet without Hadoop: staged files written and read back column by column. */
package io.ddbsync.sink.parquet;
