/**
 * The Redshift sink connector and task (thin: they wire the packages below), its configuration,
 * validate() and the composition of a task's parts.
 */
package io.ddbsync.sink;
