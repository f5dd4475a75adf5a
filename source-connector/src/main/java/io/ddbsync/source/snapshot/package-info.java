/**
 * The snapshot: segment scans within a read budget (pure budget arithmetic, the ScanClient port and
 * its SDK adapter).
 */
package io.ddbsync.source.snapshot;
