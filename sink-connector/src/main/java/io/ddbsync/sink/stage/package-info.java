/** Port and S3 adapter: where batches are staged. */
package io.ddbsync.sink.stage;
