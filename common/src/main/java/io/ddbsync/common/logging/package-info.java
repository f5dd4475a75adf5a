/** Logging shared by both connectors: the logging context on the plugin's own threads. */
package io.ddbsync.common.logging;
