/**
 * A batch into the warehouse: table evolution, staging the files, and the transaction script (COPY,
 * MERGE, deletes, children); the Loader port.
 */
package io.ddbsync.sink.load;
