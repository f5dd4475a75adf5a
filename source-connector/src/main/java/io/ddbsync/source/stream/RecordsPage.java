package io.ddbsync.source.stream;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** One GetRecords answer; {@code nextIterator} is null once a closed shard is read to its end. */
public record RecordsPage(List<Record> records, String nextIterator) {}
