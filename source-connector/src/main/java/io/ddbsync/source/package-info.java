/**
 * The DynamoDB source connector and task (thin: they wire the packages below), its configuration
 * and validate().
 */
package io.ddbsync.source;
