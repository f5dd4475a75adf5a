/**
 * Adapter: the dialects (everything that differs between warehouses) behind Dialect, their one
 * factory, the shared load statements, the catalog and the connection.
 */
package io.ddbsync.sink.db;
