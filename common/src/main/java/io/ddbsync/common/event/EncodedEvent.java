package io.ddbsync.common.event;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** The record key and value of one change event, with their schemas. */
public record EncodedEvent(Schema keySchema, Struct key, Schema valueSchema, Struct value) {}
