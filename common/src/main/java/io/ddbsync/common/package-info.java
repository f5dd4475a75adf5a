/** The plugins' version. */
package io.ddbsync.common;
