/** Retry timing shared by both connectors: exponential backoff, with or without jitter. */
package io.ddbsync.common.retry;
