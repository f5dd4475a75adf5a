/**
 * What the MSK Connect bundles add to the AWS Glue Schema Registry converter: {@link
 * io.ddbsync.glue.KeyValueSchemaNaming}, one Glue schema per topic side.
 */
package io.ddbsync.glue;
