/** A task's readers on their threads and the bounded queue between them and poll(). */
package io.ddbsync.source.task;
