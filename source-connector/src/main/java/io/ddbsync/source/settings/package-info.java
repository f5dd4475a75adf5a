/** Pure: the choices the source's settings offer (mode, start position, lost-position policy). */
package io.ddbsync.source.settings;
