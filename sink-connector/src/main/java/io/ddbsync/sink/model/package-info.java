/**
 * Pure: warehouse columns, types and their limits, identifiers and table names, and rows stored
 * column by column.
 */
package io.ddbsync.sink.model;
