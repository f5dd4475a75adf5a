/** Pure: Avro-legal names from DynamoDB names. */
package io.ddbsync.common.names;
