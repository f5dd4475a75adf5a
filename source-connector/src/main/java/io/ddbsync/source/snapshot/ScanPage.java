package io.ddbsync.source.snapshot;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One page of a segment scan: its items, where the next page starts, what it cost. */
public record ScanPage(
    List<Map<String, AttributeValue>> items,
    Map<String, AttributeValue> lastEvaluatedKey,
    double consumedCapacity) {}
