/** Pure: warehouse columns, types and their limits, identifiers and table names. */
package io.ddbsync.sink.model;
