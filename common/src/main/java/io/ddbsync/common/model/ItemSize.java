package io.ddbsync.common.model;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size of an item the way DynamoDB counts it (attribute names plus values), close enough for
 * memory bounds and progress reporting.
 */
public final class ItemSize {
  private ItemSize() {}

  public static long bytes(Map<String, AttributeValue> item) {
    long total = 0;
    for (Map.Entry<String, AttributeValue> entry : item.entrySet()) {
      total += utf8Length(entry.getKey()) + bytes(entry.getValue());
    }
    return total;
  }

  public static long bytes(AttributeValue value) {
    switch (value.type()) {
      case S:
        return utf8Length(value.s());
      case N:
        return (value.n().length() + 1) / 2 + 1;
      case B:
        return value.b().asByteArrayUnsafe().length;
      case BOOL:
      case NUL:
        return 1;
      case SS:
        long strings = 3;
        for (String s : value.ss()) {
          strings += utf8Length(s);
        }
        return strings;
      case NS:
        long numbers = 3;
        for (String n : value.ns()) {
          numbers += (n.length() + 1) / 2 + 1;
        }
        return numbers;
      case BS:
        long binaries = 3;
        for (SdkBytes b : value.bs()) {
          binaries += b.asByteArrayUnsafe().length;
        }
        return binaries;
      case M:
        return 3 + bytes(value.m());
      case L:
        long list = 3;
        for (AttributeValue element : value.l()) {
          list += 1 + bytes(element);
        }
        return list;
      default:
        return 1;
    }
  }

  private static long utf8Length(String text) {
    int length = text.length();
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return text.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return length;
  }
}
