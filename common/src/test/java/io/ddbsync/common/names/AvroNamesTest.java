package io.ddbsync.common.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class AvroNamesTest {
  private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  @Test
  void cleanNamesStayAsTheyAre() {
    assertThat(AvroNames.candidate("OrderId")).isEqualTo("OrderId");
    assertThat(AvroNames.candidate("order_id")).isEqualTo("order_id");
    assertThat(AvroNames.candidate("a1_b2")).isEqualTo("a1_b2");
  }

  @Test
  void invalidCharactersBecomeSingleUnderscores() {
    assertThat(AvroNames.candidate("order-id")).isEqualTo("order_id");
    assertThat(AvroNames.candidate("order.id")).isEqualTo("order_id");
    assertThat(AvroNames.candidate("order  id!")).isEqualTo("order_id");
    assertThat(AvroNames.candidate("price__s")).isEqualTo("price_s");
  }

  @Test
  void leadingDigitsGetAnUnderscoreAndAccentsAreDropped() {
    assertThat(AvroNames.candidate("1st")).isEqualTo("_1st");
    assertThat(AvroNames.candidate("Ünïcödé")).isEqualTo("Unicode");
    assertThat(AvroNames.candidate("日本")).isEqualTo("attr");
    assertThat(AvroNames.candidate("")).isEqualTo("attr");
  }

  @Test
  void disambiguatorDependsOnlyOnTheOriginalName() {
    assertThat(AvroNames.disambiguator("order-id")).isEqualTo(AvroNames.disambiguator("order-id"));
    assertThat(AvroNames.disambiguator("order-id"))
        .isNotEqualTo(AvroNames.disambiguator("order.id"));
    assertThat(AvroNames.disambiguator("x")).matches("__x[0-9a-f]{10}");
  }

  @Property
  void everyCandidateIsAnAvroNameWithoutDoubleUnderscores(@ForAll String original) {
    String candidate = AvroNames.candidate(original);
    assertThat(candidate).matches(AVRO_NAME).doesNotContain("__");
    assertThat(candidate.length()).isLessThanOrEqualTo(AvroNames.MAX_CANDIDATE_LENGTH + 1);
    assertThat(AVRO_NAME.matcher(candidate + AvroNames.disambiguator(original)).matches()).isTrue();
  }
}
