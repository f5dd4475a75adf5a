/** Pure: DynamoDB JSON and plain JSON for attribute values. */
package io.ddbsync.common.json;
