package com.torrust.operator.plan;

import java.util.List;

/**
 * A compose health check: the command and its timing. The start period is the grace a first start
 * gets (a first MySQL initialisation takes longer than interval x retries); the values are the
 * Torrust Tracker Deployer's.
 */
public record Healthcheck(List<String> test, String interval, String timeout, int retries, String startPeriod) {

  static Healthcheck of(String startPeriod, String... test) {
    return new Healthcheck(List.of(test), "10s", "5s", 5, startPeriod);
  }
}
