/** Leaf: change events as Connect source records, and the sink that readers put them into. */
package io.ddbsync.source.emit;
