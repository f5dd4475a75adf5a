/**
 * Task metrics through Connect's plugin metrics where the runtime has them (guarded for older
 * runtimes).
 */
package io.ddbsync.common.metrics;
