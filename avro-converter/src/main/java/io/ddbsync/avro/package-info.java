/**
 * The Avro converter of the {@code ddbsync-avro-converter} archive: Apicurio Registry's converter
 * with registration races retried ({@link io.ddbsync.avro.AvroConverter}) and each schema resolved
 * once per instance instead of per record ({@link io.ddbsync.avro.CachingSchemaResolver}, {@link
 * io.ddbsync.avro.RenderedSchemaCache}). No I/O of its own: the registry calls are Apicurio's.
 */
package io.ddbsync.avro;
