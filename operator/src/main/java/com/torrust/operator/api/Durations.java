package com.torrust.operator.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations the way Kubernetes writes them (5m, 1h30m, 1.5h, 500ms): what spec.resyncInterval holds. */
public final class Durations {

  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  private Durations() {}

  /** Parses a value the CRD schema already admitted (Formats.DURATION_PATTERN). */
  public static Duration parse(String text) {
    Matcher m = PART.matcher(text);
    long millis = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      BigDecimal amount = new BigDecimal(m.group(1));
      long unit = switch (m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        default -> 3_600_000;
      };
      millis += amount.multiply(BigDecimal.valueOf(unit)).longValue();
      end = m.end();
    }
    if (end != text.length() || end == 0) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    return Duration.ofMillis(millis);
  }
}
