/**
 * Pure: how DynamoDB items become typed Connect structs, and the schema-history port every task
 * shares.
 */
package io.ddbsync.common.model;
