package io.ddbsync.sink.db;

import io.ddbsync.sink.model.SqlType;
import io.ddbsync.sink.model.SystemColumns;

/**
 * A column as the database catalog describes it.
 *
 * @param type null when the column has a type the sink does not create (a user's column)
 * @param fieldPath the event field the column holds, from its comment; null for columns the
 *     connector did not create
 */
public record ExistingColumn(String name, SqlType type, String fieldPath)
    implements SystemColumns.Named {}
