package com.torrust.operator.plan;

/**
 * The secret values a deployment needs, resolved from Secrets. Fields not used by the spec are null.
 * {@link #toString()} never shows a value, so a record that ends up in a log or exception leaks nothing.
 */
public record DeploymentSecrets(
    String apiAdminToken,
    String mysqlPassword,
    String mysqlRootPassword,
    String grafanaAdminUser,
    String grafanaAdminPassword,
    String prometheusScrapeToken) {

  /** Without Prometheus. */
  public DeploymentSecrets(
      String apiAdminToken, String mysqlPassword, String mysqlRootPassword, String grafanaAdminUser, String grafanaAdminPassword) {
    this(apiAdminToken, mysqlPassword, mysqlRootPassword, grafanaAdminUser, grafanaAdminPassword, null);
  }

  @Override
  public String toString() {
    return "DeploymentSecrets[values redacted]";
  }
}
