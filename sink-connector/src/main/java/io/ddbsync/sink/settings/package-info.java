/** Pure: the choices the sink's settings offer that every dialect shares. */
package io.ddbsync.sink.settings;
