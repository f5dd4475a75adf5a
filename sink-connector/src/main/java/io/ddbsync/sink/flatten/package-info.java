/** Pure: change-event schemas to table layouts, and changes to parent, child and delete rows. */
package io.ddbsync.sink.flatten;
