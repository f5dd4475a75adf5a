/**
 * DynamoDB's exports to S3: requesting and awaiting them (the {@code ExportClient} port), their
 * manifests and data files in both formats (DynamoDB JSON and Amazon Ion, full and incremental),
 * read with their checksums and item counts checked (the {@code ExportObjects} port over S3).
 */
package io.ddbsync.source.export;
