package io.ddbsync.cli.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddbsync.sink.model.SqlType.Kind;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ValuesTest {
  @Property
  void aDecimalEqualsItselfAtAnyScaleAndNothingElse(
      @ForAll long unscaled,
      @ForAll @IntRange(min = 0, max = 9) int scale,
      @ForAll @IntRange(min = 1, max = 9) int more) {
    BigDecimal value = BigDecimal.valueOf(unscaled, scale);
    assertThat(Values.canonical(Kind.DECIMAL, value))
        .isEqualTo(Values.canonical(Kind.DECIMAL, value.setScale(scale + more)));
    assertThat(Values.canonical(Kind.DECIMAL, value))
        .isNotEqualTo(
            Values.canonical(Kind.DECIMAL, value.add(BigDecimal.ONE.movePointLeft(scale + more))));
  }

  @Test
  void jsonComparesByContentNotSpelling() {
    assertThat(
            Values.canonical(Kind.SUPER, "{\"b\": [1, 2.50], \"a\": {\"y\": true, \"x\": null}}"))
        .isEqualTo(Values.canonical(Kind.SUPER, "{\"a\":{\"x\":null,\"y\":true},\"b\":[1.0,2.5]}"));
    assertThat(Values.canonical(Kind.SUPER, "[1,2]"))
        .isNotEqualTo(Values.canonical(Kind.SUPER, "[2,1]"));
    assertThat(Values.canonical(Kind.SUPER, "{\"a\":\"1\"}"))
        .isNotEqualTo(Values.canonical(Kind.SUPER, "{\"a\":1}"));
  }

  @Test
  void bytesCompareByContentWhateverHoldsThem() {
    assertThat(Values.canonical(Kind.VARBYTE, new byte[] {1, (byte) 0xff}))
        .isEqualTo(Values.canonical(Kind.VARBYTE, ByteBuffer.wrap(new byte[] {1, (byte) 0xff})))
        .isEqualTo("0x01ff");
  }

  @Test
  void integersOfAnyWidthAreTheSameNumber() {
    assertThat(Values.canonical(Kind.BIGINT, 7)).isEqualTo(Values.canonical(Kind.INTEGER, 7L));
    assertThat(Values.canonical(Kind.VARCHAR, null)).isNull();
  }

  @Test
  void keyTextsOfDifferentKeysNeverCollide() {
    assertThat(KeyText.of(java.util.List.of("a|1:b", "c")))
        .isNotEqualTo(KeyText.of(java.util.List.of("a", "b|1:c")));
  }
}
