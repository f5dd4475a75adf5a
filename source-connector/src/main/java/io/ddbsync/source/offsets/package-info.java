/**
 * Pure: typed source partitions and offsets (segment, shard, table marker) and the stored-offsets
 * port.
 */
package io.ddbsync.source.offsets;
