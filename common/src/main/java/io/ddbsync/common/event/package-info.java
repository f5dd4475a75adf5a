/**
 * Pure: the change-event contract (key, envelope, source info) and the per-table model that encodes
 * items.
 */
package io.ddbsync.common.event;
