package io.ddbsync.source.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class SourcePartitionsTest {
  /**
   * Connect finds a task's offsets by the bytes of its serialized partition, so those bytes must be
   * the same in every worker JVM: a fixed field order, not one that depends on the JVM.
   */
  @Test
  void partitionsSerializeToTheSameBytesInEveryJvm() {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "false"), true);
    assertThat(bytes(converter, SourcePartitions.segment("Orders", "id-1", 0, 3, 8)))
        .isEqualTo(
            "[\"c\",{\"kind\":\"segment\",\"table\":\"Orders\",\"table_id\":\"id-1\",\"epoch\":0,"
                + "\"segment\":3,\"of\":8}]");
    assertThat(bytes(converter, SourcePartitions.shard("arn:s", "shard-1")))
        .isEqualTo(
            "[\"c\",{\"kind\":\"shard\",\"stream_arn\":\"arn:s\",\"shard_id\":\"shard-1\"}]");
    assertThat(bytes(converter, SourcePartitions.table("Orders")))
        .isEqualTo("[\"c\",{\"kind\":\"table\",\"table\":\"Orders\"}]");
  }

  private static String bytes(JsonConverter converter, Map<String, Object> partition) {
    // What OffsetStorageWriter and OffsetStorageReaderImpl serialize: [connector, partition].
    return new String(
        converter.fromConnectData("", null, List.of("c", partition)), StandardCharsets.UTF_8);
  }
}
