package io.ddbsync.cli.reconcile;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.source.catalog.TableInfo;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An item's key as the comparison handles it: to read it again, to match it, to show it. */
final class ItemKeys {
  private ItemKeys() {}

  static String displayItem(TableInfo info, Map<String, AttributeValue> item) {
    StringBuilder text = new StringBuilder();
    for (KeyAttribute attribute : info.key()) {
      AttributeValue value = item.get(attribute.name());
      text.append(text.length() == 0 ? "" : ", ").append(attribute.name()).append('=');
      if (value == null) {
        text.append("?");
      } else if (value.b() != null) {
        text.append("0x").append(HexFormat.of().formatHex(value.b().asByteArray()));
      } else {
        text.append(value.s() != null ? value.s() : value.n());
      }
    }
    return text.toString();
  }

  static String display(WarehouseTables.Resolved tables, Map<String, Object> row) {
    return tables.displayKey(row);
  }

  static Map<String, AttributeValue> keysOnly(TableInfo info, Map<String, AttributeValue> item) {
    Map<String, AttributeValue> keys = new LinkedHashMap<>();
    for (KeyAttribute attribute : info.key()) {
      keys.put(attribute.name(), item.get(attribute.name()));
    }
    return keys;
  }

  static String keyOf(TableInfo info, Map<String, AttributeValue> item) {
    List<Object> values = new ArrayList<>();
    for (KeyAttribute attribute : info.key()) {
      AttributeValue value = item.get(attribute.name());
      values.add(value == null ? null : value.toString());
    }
    return values.toString();
  }

  /** The key attributes of a row's canonical key values, in key order. */
  static Map<String, AttributeValue> keyItem(TableInfo info, List<Object> canonicalValues) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (int i = 0; i < info.key().size(); i++) {
      KeyAttribute attribute = info.key().get(i);
      String text = String.valueOf(canonicalValues.get(i));
      AttributeValue value =
          switch (attribute.type()) {
            case S -> AttributeValue.fromS(text);
            case N -> AttributeValue.fromN(text);
            case B ->
                AttributeValue.fromB(
                    SdkBytes.fromByteArray(HexFormat.of().parseHex(text.substring(2))));
          };
      item.put(attribute.name(), value);
    }
    return item;
  }
}
