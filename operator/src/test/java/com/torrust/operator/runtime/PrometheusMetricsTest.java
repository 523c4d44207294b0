package com.torrust.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.Condition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-resource series: as few as say what is true now, and none left of what no longer is. */
class PrometheusMetricsTest {

  private static Condition condition(String type, String status) {
    return new Condition(type, status, "Why", "", "2026-12-01T00:00:00Z", 1L);
  }

  @Test
  void aConditionIsOneSeriesWithTheStatusItHasNowAndItsOldStatusGoes() {
    PrometheusMetrics metrics = new PrometheusMetrics();

    metrics.conditions("trackers", "demo", List.of(condition("Ready", "True"), condition("HostReachable", "True")));
    String first = metrics.scrape();
    assertThat(first).contains("tracker_operator_condition{name=\"demo\",namespace=\"trackers\",status=\"True\",type=\"Ready\"} 1.0")
        .doesNotContain("status=\"False\",type=\"Ready\"").doesNotContain("type=\"Drifted\"");
    assertThat(first.lines().filter(l -> l.startsWith("tracker_operator_condition{"))).hasSize(2);

    metrics.conditions("trackers", "demo", List.of(condition("Ready", "False"), condition("HostReachable", "False")));
    String second = metrics.scrape();
    assertThat(second).contains("tracker_operator_condition{name=\"demo\",namespace=\"trackers\",status=\"False\",type=\"Ready\"} 1.0")
        .as("the status it no longer has").doesNotContain("status=\"True\",type=\"Ready\"").doesNotContain("status=\"True\",type=\"HostReachable\"");

    metrics.conditions("trackers", "other", List.of(condition("Ready", "Unknown")));
    metrics.forget("trackers", "demo");
    assertThat(metrics.scrape().lines().filter(l -> l.startsWith("tracker_operator_condition{")))
        .containsExactly("tracker_operator_condition{name=\"other\",namespace=\"trackers\",status=\"Unknown\",type=\"Ready\"} 1.0");
  }
}
