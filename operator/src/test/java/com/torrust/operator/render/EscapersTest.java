package com.torrust.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EscapersTest {

  @Test
  void composeDoublesDollarsSoComposeDoesNotInterpolate() {
    assertThat(Escapers.compose("a$b${C}")).isEqualTo("\"a$$b$${C}\"");
  }

  @Test
  void shellQuotesSingleQuotes() {
    assertThat(Escapers.shell("it's")).isEqualTo("'it'\\''s'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "a\nb", "a'b", "a\"b", "a#b", "a$b", "a;b", "é"})
  void tokenRefusesAnythingThatNeedsQuoting(String value) {
    assertThatThrownBy(() -> Escapers.token(value)).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(value);
  }

  @Test
  void cronRefusesAnExtraLine() {
    assertThatThrownBy(() -> Escapers.cron("0 3 * * *\n* * * * * root id")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Escapers.cron("*/5 1-3 * * 1,2")).isEqualTo("*/5 1-3 * * 1,2");
  }
}
