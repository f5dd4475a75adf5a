package io.ddbsync.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB JSON, the typed wire format of the DynamoDB API ({@code {"M":{"a":{"N":"1"}}}}), for
 * values the change-event model carries as text, and plain JSON for warehouse columns. DynamoDB
 * JSON round-trips exactly; plain JSON keeps every value but not the distinction between sets and
 * lists or between binary and base64 strings.
 */
public final class DynamoJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private DynamoJson() {}

  public static String write(AttributeValue value) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      writeTyped(generator, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** An item (a map of attributes) as DynamoDB JSON, without the outer {@code M}. */
  public static String writeItem(Map<String, AttributeValue> item) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      writeTypedMap(generator, item);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static AttributeValue read(String json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      parser.nextToken();
      return readTyped(parser);
    } catch (IOException e) {
      throw new IllegalArgumentException("Not valid DynamoDB JSON: " + abbreviate(json), e);
    }
  }

  public static Map<String, AttributeValue> readItem(String json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      parser.nextToken();
      return readTypedMap(parser);
    } catch (IOException e) {
      throw new IllegalArgumentException("Not valid DynamoDB JSON: " + abbreviate(json), e);
    }
  }

  /**
   * An object whose every field is an item in DynamoDB JSON, such as a line of a DynamoDB export
   * ({@code {"Item":{...}}}, or {@code {"Metadata":{...},"Keys":{...},"NewImage":{...}}} in an
   * incremental export): the items by field name.
   */
  public static Map<String, Map<String, AttributeValue>> readItems(String json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      parser.nextToken();
      expect(parser, JsonToken.START_OBJECT);
      Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
      String name;
      while ((name = parser.nextFieldName()) != null) {
        parser.nextToken();
        items.put(name, readTypedMap(parser));
      }
      return items;
    } catch (IOException e) {
      throw new IllegalArgumentException("Not valid DynamoDB JSON: " + abbreviate(json), e);
    }
  }

  /** Plain JSON: numbers keep their exact digits, binary becomes base64 text, sets arrays. */
  public static String writePlain(AttributeValue value) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      writePlain(generator, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeTyped(JsonGenerator out, AttributeValue value) throws IOException {
    out.writeStartObject();
    switch (value.type()) {
      case S:
        out.writeStringField("S", value.s());
        break;
      case N:
        out.writeStringField("N", value.n());
        break;
      case B:
        out.writeStringField("B", base64(value.b()));
        break;
      case BOOL:
        out.writeBooleanField("BOOL", value.bool());
        break;
      case NUL:
        out.writeBooleanField("NULL", true);
        break;
      case M:
        out.writeFieldName("M");
        writeTypedMap(out, value.m());
        break;
      case L:
        out.writeArrayFieldStart("L");
        for (AttributeValue element : value.l()) {
          writeTyped(out, element);
        }
        out.writeEndArray();
        break;
      case SS:
        writeStrings(out, "SS", value.ss());
        break;
      case NS:
        writeStrings(out, "NS", value.ns());
        break;
      case BS:
        out.writeArrayFieldStart("BS");
        for (SdkBytes bytes : value.bs()) {
          out.writeString(base64(bytes));
        }
        out.writeEndArray();
        break;
      default:
        throw new IllegalArgumentException("Unsupported DynamoDB attribute value: " + value);
    }
    out.writeEndObject();
  }

  private static void writeTypedMap(JsonGenerator out, Map<String, AttributeValue> map)
      throws IOException {
    out.writeStartObject();
    for (Map.Entry<String, AttributeValue> entry : map.entrySet()) {
      out.writeFieldName(entry.getKey());
      writeTyped(out, entry.getValue());
    }
    out.writeEndObject();
  }

  private static void writeStrings(JsonGenerator out, String name, List<String> values)
      throws IOException {
    out.writeArrayFieldStart(name);
    for (String value : values) {
      out.writeString(value);
    }
    out.writeEndArray();
  }

  /** Writes {@code value} as plain JSON (as {@link #writePlain(AttributeValue)}) to {@code out}. */
  public static void writePlain(JsonGenerator out, AttributeValue value) throws IOException {
    switch (value.type()) {
      case S:
        out.writeString(value.s());
        break;
      case N:
        out.writeNumber(value.n());
        break;
      case B:
        out.writeString(base64(value.b()));
        break;
      case BOOL:
        out.writeBoolean(value.bool());
        break;
      case NUL:
        out.writeNull();
        break;
      case M:
        out.writeStartObject();
        for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
          out.writeFieldName(entry.getKey());
          writePlain(out, entry.getValue());
        }
        out.writeEndObject();
        break;
      case L:
        out.writeStartArray();
        for (AttributeValue element : value.l()) {
          writePlain(out, element);
        }
        out.writeEndArray();
        break;
      case SS:
        out.writeStartArray();
        for (String element : value.ss()) {
          out.writeString(element);
        }
        out.writeEndArray();
        break;
      case NS:
        out.writeStartArray();
        for (String element : value.ns()) {
          out.writeNumber(element);
        }
        out.writeEndArray();
        break;
      case BS:
        out.writeStartArray();
        for (SdkBytes element : value.bs()) {
          out.writeString(base64(element));
        }
        out.writeEndArray();
        break;
      default:
        throw new IllegalArgumentException("Unsupported DynamoDB attribute value: " + value);
    }
  }

  private static AttributeValue readTyped(JsonParser in) throws IOException {
    expect(in, JsonToken.START_OBJECT);
    String type = in.nextFieldName();
    if (type == null) {
      throw new IOException("An attribute value needs exactly one type field");
    }
    in.nextToken();
    AttributeValue value;
    switch (type) {
      case "S":
        value = AttributeValue.fromS(in.getText());
        break;
      case "N":
        value = AttributeValue.fromN(in.getText());
        break;
      case "B":
        value =
            AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(in.getText())));
        break;
      case "BOOL":
        value = AttributeValue.fromBool(in.getBooleanValue());
        break;
      case "NULL":
        value = AttributeValue.fromNul(true);
        break;
      case "M":
        value = AttributeValue.fromM(readTypedMap(in));
        break;
      case "L":
        expect(in, JsonToken.START_ARRAY);
        List<AttributeValue> list = new ArrayList<>();
        while (in.nextToken() != JsonToken.END_ARRAY) {
          list.add(readTyped(in));
        }
        value = AttributeValue.fromL(list);
        break;
      case "SS":
        value = AttributeValue.fromSs(readStrings(in));
        break;
      case "NS":
        value = AttributeValue.fromNs(readStrings(in));
        break;
      case "BS":
        List<SdkBytes> bytes = new ArrayList<>();
        for (String text : readStrings(in)) {
          bytes.add(SdkBytes.fromByteArray(Base64.getDecoder().decode(text)));
        }
        value = AttributeValue.fromBs(bytes);
        break;
      default:
        throw new IOException("Unknown DynamoDB type '" + type + "'");
    }
    if (in.nextToken() != JsonToken.END_OBJECT) {
      throw new IOException("An attribute value needs exactly one type field");
    }
    return value;
  }

  private static Map<String, AttributeValue> readTypedMap(JsonParser in) throws IOException {
    expect(in, JsonToken.START_OBJECT);
    Map<String, AttributeValue> map = new LinkedHashMap<>();
    String name;
    while ((name = in.nextFieldName()) != null) {
      in.nextToken();
      map.put(name, readTyped(in));
    }
    return map;
  }

  private static List<String> readStrings(JsonParser in) throws IOException {
    expect(in, JsonToken.START_ARRAY);
    List<String> values = new ArrayList<>();
    while (in.nextToken() != JsonToken.END_ARRAY) {
      values.add(in.getText());
    }
    return values;
  }

  private static void expect(JsonParser in, JsonToken token) throws IOException {
    if (in.currentToken() != token) {
      throw new IOException("Expected " + token + " but found " + in.currentToken());
    }
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
