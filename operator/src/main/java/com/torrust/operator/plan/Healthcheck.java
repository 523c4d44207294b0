package com.torrust.operator.plan;

import java.util.List;

/** A compose health check: the command and its timing. */
public record Healthcheck(List<String> test, String interval, String timeout, int retries) {

  static Healthcheck of(String... test) {
    return new Healthcheck(List.of(test), "10s", "5s", 5);
  }
}
