/**
 * Adapter and port: which tables exist, their keys, streams, sizes and tags (DescribeTable,
 * ListTables).
 */
package io.ddbsync.source.catalog;
