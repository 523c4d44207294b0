package com.torrust.operator.api;

/**
 * The images a deployment runs unless its spec overrides them. Each one is pinned to a version, so a
 * host never changes because a registry tag moved. They match the versions the Torrust Tracker
 * Deployer ships, except the tracker, which the deployer left on the moving "develop" tag.
 */
public final class Images {

  private Images() {}

  public static final String TRACKER = "torrust/tracker:v3.0.0";
  public static final String PROMETHEUS = "prom/prometheus:v3.11.2";
  public static final String GRAFANA = "grafana/grafana:13.0.0";
  public static final String MYSQL = "mysql:8.4";
  public static final String CADDY = "caddy:2.11.2";
  /** The vulnerability scanner (spec.images.scan). */
  public static final String TRIVY = "aquasec/trivy:0.69.3";
}
