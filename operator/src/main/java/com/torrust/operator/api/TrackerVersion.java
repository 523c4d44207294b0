package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The tracker release an image is built from. What the operator renders follows it: the
 * configuration schema, the environment the entry script reads and the API endpoints Prometheus may
 * scrape. Facts and their upstream sources: docs/host-state.md#what-the-images-expect.
 */
public enum TrackerVersion {
  /**
   * Tag v3.0.0, the newest release: configuration schema 2.0.0, the image bakes the SQLite driver
   * variable, and the API serves statistics as JSON only (no Prometheus metrics).
   */
  @JsonProperty("v3.0.0")
  V3_0_0(false),
  /**
   * A build of the develop branch as the Torrust Tracker Deployer deploys it: configuration schema
   * 2.0.0, no baked driver variable, and /api/v1/stats and /api/v1/metrics in Prometheus format.
   */
  @JsonProperty("develop")
  DEVELOP(true);

  private final boolean servesPrometheusMetrics;

  TrackerVersion(boolean servesPrometheusMetrics) {
    this.servesPrometheusMetrics = servesPrometheusMetrics;
  }

  /** Whether the API answers {@code format=prometheus}, so Prometheus can scrape it. */
  public boolean servesPrometheusMetrics() {
    return servesPrometheusMetrics;
  }
}
