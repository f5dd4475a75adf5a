package io.ddbsync.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.common.event.ChangeEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

class StreamEventsTest {
  private static final AttributeValue ID = AttributeValue.fromN("-3");
  private static final AttributeValue SEQ =
      AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xfe, 0, 0, 7}));
  // What moto 5.2.1 puts in Keys for that binary: its base64 text, as bytes.
  private static final AttributeValue SEQ_AS_MOTO_SENDS_IT =
      AttributeValue.fromB(SdkBytes.fromUtf8String("/gAABw=="));

  @Test
  void theKeyOfAChangeIsTheKeyOfTheItemItCarries() {
    Record insert =
        record(
            OperationType.INSERT,
            StreamRecord.builder()
                .keys(Map.of("Id", ID, "Seq", SEQ_AS_MOTO_SENDS_IT))
                .newImage(Map.of("Id", ID, "Seq", SEQ, "Note", AttributeValue.fromS("x")))
                .sequenceNumber("1")
                .build());
    ChangeEvent event = StreamEvents.toEvent("Keyed", "arn", "shard-1", insert);
    assertThat(event.keys()).containsEntry("Id", ID).containsEntry("Seq", SEQ);

    Record remove =
        record(
            OperationType.REMOVE,
            StreamRecord.builder()
                .keys(Map.of("Id", ID, "Seq", SEQ_AS_MOTO_SENDS_IT))
                .oldImage(Map.of("Id", ID, "Seq", SEQ))
                .sequenceNumber("2")
                .build());
    assertThat(StreamEvents.toEvent("Keyed", "arn", "shard-1", remove).keys())
        .containsEntry("Seq", SEQ);
  }

  @Test
  void aKeysOnlyStreamKeepsItsKeys() {
    Record keysOnly =
        record(
            OperationType.MODIFY,
            StreamRecord.builder().keys(Map.of("Id", ID, "Seq", SEQ)).sequenceNumber("3").build());
    assertThat(StreamEvents.toEvent("Keyed", "arn", "shard-1", keysOnly).keys())
        .isEqualTo(Map.of("Id", ID, "Seq", SEQ));
  }

  private static Record record(OperationType type, StreamRecord change) {
    return Record.builder().eventName(type).eventID("e").dynamodb(change).build();
  }
}
