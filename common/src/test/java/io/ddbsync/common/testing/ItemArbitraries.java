package io.ddbsync.common.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Random DynamoDB items for property tests: names drawn from a small pool (so attributes recur
 * sparsely and with conflicting types) that includes Unicode, dashes, dots, spaces, leading digits
 * and names that look like our own suffixes; values of every DynamoDB type, nested maps and lists
 * to random depth, numbers up to 38 significant digits across the whole exponent range.
 */
public final class ItemArbitraries {
  public static final List<String> NAMES =
      List.of(
          "id",
          "price",
          "Price",
          "price__s",
          "price_s",
          "order-id",
          "order.id",
          "order id",
          "1st",
          "_1st",
          "Ünïcödé",
          "日本",
          "emoji😀",
          "",
          "tags",
          "address",
          "items",
          "n",
          "x__xdeadbeef00");

  private ItemArbitraries() {}

  public static Arbitrary<Map<String, AttributeValue>> items(int maxDepth) {
    return item(maxDepth);
  }

  private static Arbitrary<Map<String, AttributeValue>> item(int depth) {
    return Arbitraries.maps(Arbitraries.of(NAMES), value(depth))
        .ofMaxSize(8)
        .map(LinkedHashMap::new);
  }

  public static Arbitrary<AttributeValue> value(int depth) {
    List<Arbitrary<AttributeValue>> choices = new ArrayList<>();
    choices.add(strings().map(AttributeValue::fromS));
    choices.add(numbers().map(AttributeValue::fromN));
    choices.add(bytes().map(AttributeValue::fromB));
    choices.add(Arbitraries.of(true, false).map(AttributeValue::fromBool));
    choices.add(Arbitraries.just(AttributeValue.fromNul(true)));
    choices.add(
        strings()
            .set()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(s -> AttributeValue.fromSs(new ArrayList<>(s))));
    choices.add(numberSets().map(AttributeValue::fromNs));
    choices.add(bytes().list().ofMinSize(1).ofMaxSize(3).map(AttributeValue::fromBs));
    if (depth > 0) {
      choices.add(Arbitraries.lazy(() -> item(depth - 1)).map(AttributeValue::fromM));
      choices.add(
          Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(4).map(AttributeValue::fromL));
      choices.add(
          Arbitraries.lazy(() -> item(depth - 1))
              .map(AttributeValue::fromM)
              .list()
              .ofMaxSize(3)
              .map(AttributeValue::fromL));
    }
    return Arbitraries.oneOf(choices);
  }

  static Arbitrary<String> strings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12),
        Arbitraries.of("", "2024-06-15T09:12:11Z", "ß", "\u0000", "a\"b\\c", "😀"));
  }

  static Arbitrary<SdkBytes> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(SdkBytes::fromByteArray);
  }

  /** Numbers as DynamoDB accepts them: up to 38 significant digits, exponent -130 to +125. */
  public static Arbitrary<String> numbers() {
    Arbitrary<String> smallIntegers = Arbitraries.longs().between(-1000, 1000).map(String::valueOf);
    Arbitrary<String> longs = Arbitraries.longs().map(String::valueOf);
    Arbitrary<String> money =
        Combinators.combine(
                Arbitraries.longs().between(-10_000_000, 10_000_000),
                Arbitraries.integers().between(0, 4))
            .as((unscaled, scale) -> BigDecimal.valueOf(unscaled, scale).toPlainString());
    Arbitrary<String> wide =
        Combinators.combine(
                Arbitraries.bigIntegers()
                    .between(
                        BigInteger.TEN.pow(37).negate(),
                        BigInteger.TEN.pow(38).subtract(BigInteger.ONE)),
                Arbitraries.integers().between(-80, 90))
            .as((unscaled, scale) -> new BigDecimal(unscaled, scale))
            .filter(ItemArbitraries::inDynamoRange)
            .map(BigDecimal::toString);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, smallIntegers),
        net.jqwik.api.Tuple.of(2, longs),
        net.jqwik.api.Tuple.of(4, money),
        net.jqwik.api.Tuple.of(3, wide));
  }

  private static Arbitrary<List<String>> numberSets() {
    return numbers().set().ofMinSize(1).ofMaxSize(4).map(ItemArbitraries::distinctByValue);
  }

  /** DynamoDB rejects number sets whose members are equal as numbers ("1" and "1.0"). */
  private static List<String> distinctByValue(java.util.Set<String> numbers) {
    List<String> distinct = new ArrayList<>();
    List<BigDecimal> seen = new ArrayList<>();
    for (String number : numbers) {
      BigDecimal value = new BigDecimal(number);
      if (seen.stream().noneMatch(s -> s.compareTo(value) == 0)) {
        seen.add(value);
        distinct.add(number);
      }
    }
    return distinct;
  }

  private static boolean inDynamoRange(BigDecimal value) {
    if (value.signum() == 0) {
      return true;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    int exponent = stripped.precision() - stripped.scale() - 1;
    return exponent >= -130 && exponent <= 125;
  }
}
