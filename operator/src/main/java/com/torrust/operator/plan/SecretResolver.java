package com.torrust.operator.plan;

import com.torrust.operator.api.DatabaseDriver;
import com.torrust.operator.api.GrafanaSpec;
import com.torrust.operator.api.MysqlDatabaseSpec;
import com.torrust.operator.api.SecretKeyRef;
import com.torrust.operator.api.TrackerDeploymentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Resolves every secret value the spec needs. Values the user did not provide (the API admin token,
 * the MySQL root password) come from the deployment's generated Secret, {@code <name>-generated}.
 */
public final class SecretResolver {

  public static final String GENERATED_API_ADMIN_TOKEN = "api-admin-token";
  public static final String GENERATED_MYSQL_ROOT_PASSWORD = "mysql-root-password";
  /**
   * A token of its own for Prometheus: the tracker takes API tokens in the query string, so the scrape
   * token is visible wherever the scrape URL is (Prometheus's targets page); the admin token never is.
   */
  public static final String GENERATED_PROMETHEUS_SCRAPE_TOKEN = "prometheus-scrape-token";

  private SecretResolver() {}

  /** Name of the Secret holding generated values for the deployment {@code name}. */
  public static String generatedSecretName(String deploymentName) {
    return deploymentName + "-generated";
  }

  /**
   * The names of every Secret the deployment reads, its generated one included: a change to any of
   * them may change what goes to the host. The SSH key Secret is among them.
   */
  public static SortedSet<String> referencedSecretNames(String deploymentName, TrackerDeploymentSpec spec) {
    SortedSet<String> names = new TreeSet<>();
    names.add(generatedSecretName(deploymentName));
    names.add(spec.host().sshKeySecretRef().name());
    if (spec.provider() != null && spec.provider().hetzner() != null) {
      names.add(spec.provider().hetzner().tokenSecretRef().name());
    }
    if (spec.tracker().httpApi().adminTokenSecretRef() != null) {
      names.add(spec.tracker().httpApi().adminTokenSecretRef().name());
    }
    if (spec.tracker().database().driver() == DatabaseDriver.MySQL) {
      MysqlDatabaseSpec mysql = spec.tracker().database().mysql();
      names.add(mysql.passwordSecretRef().name());
      if (mysql.rootPasswordSecretRef() != null) {
        names.add(mysql.rootPasswordSecretRef().name());
      }
    }
    if (spec.grafana() != null && spec.grafana().enabled()) {
      names.add(spec.grafana().adminSecretRef().name());
    }
    return names;
  }

  /** The keys of the generated Secret this spec needs. */
  public static List<String> generatedKeys(TrackerDeploymentSpec spec) {
    List<String> keys = new ArrayList<>();
    if (spec.tracker().httpApi().adminTokenSecretRef() == null) {
      keys.add(GENERATED_API_ADMIN_TOKEN);
    }
    if (spec.tracker().database().driver() == DatabaseDriver.MySQL && spec.tracker().database().mysql().rootPasswordSecretRef() == null) {
      keys.add(GENERATED_MYSQL_ROOT_PASSWORD);
    }
    if (spec.prometheus() != null && spec.prometheus().enabled()) {
      keys.add(GENERATED_PROMETHEUS_SCRAPE_TOKEN);
    }
    return keys;
  }

  public static DeploymentSecrets resolve(String deploymentName, TrackerDeploymentSpec spec, SecretLookup lookup)
      throws MissingSecretsException {
    Resolution resolution = new Resolution(lookup, generatedSecretName(deploymentName));
    SecretKeyRef tokenRef = spec.tracker().httpApi().adminTokenSecretRef();
    String token =
        tokenRef != null
            ? resolution.get(tokenRef, "the HTTP API admin token")
            : resolution.generated(GENERATED_API_ADMIN_TOKEN, "the HTTP API admin token");
    String mysqlPassword = null;
    String mysqlRootPassword = null;
    if (spec.tracker().database().driver() == DatabaseDriver.MySQL) {
      MysqlDatabaseSpec mysql = spec.tracker().database().mysql();
      mysqlPassword = resolution.get(mysql.passwordSecretRef(), "the MySQL user password");
      mysqlRootPassword =
          mysql.rootPasswordSecretRef() != null
              ? resolution.get(mysql.rootPasswordSecretRef(), "the MySQL root password")
              : resolution.generated(GENERATED_MYSQL_ROOT_PASSWORD, "the MySQL root password");
    }
    String grafanaUser = null;
    String grafanaPassword = null;
    GrafanaSpec grafana = spec.grafana();
    if (grafana != null && grafana.enabled()) {
      String name = grafana.adminSecretRef().name();
      grafanaUser = resolution.get(new SecretKeyRef(name, grafana.adminSecretRef().userKey()), "the Grafana admin user");
      grafanaPassword =
          resolution.get(new SecretKeyRef(name, grafana.adminSecretRef().passwordKey()), "the Grafana admin password");
    }
    String scrapeToken = spec.prometheus() != null && spec.prometheus().enabled()
        ? resolution.generated(GENERATED_PROMETHEUS_SCRAPE_TOKEN, "the Prometheus scrape token")
        : null;
    if (!resolution.missing.isEmpty() || !resolution.unusable.isEmpty()) {
      throw new MissingSecretsException(resolution.missing, resolution.unusable);
    }
    return new DeploymentSecrets(token, mysqlPassword, mysqlRootPassword, grafanaUser, grafanaPassword, scrapeToken);
  }

  /**
   * One final line break is dropped: {@code kubectl create secret --from-file} keeps the file's, and
   * nobody means it as part of a password.
   */
  static String withoutFinalNewline(String value) {
    if (value.endsWith("\r\n")) {
      return value.substring(0, value.length() - 2);
    }
    return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
  }

  /**
   * Why a value cannot go into the files it is written to (environment files, TOML, YAML, a Caddyfile),
   * or null. A control character would end a line or a string early there; the value is never shown.
   */
  public static String controlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "contains a control character (U+" + String.format("%04X", (int) c) + " at position " + (i + 1)
            + "), which would break the files it goes into; use printable characters only";
      }
    }
    return null;
  }

  /** Collects every missing value instead of stopping at the first, so one run names them all. */
  private static final class Resolution {
    private final SecretLookup lookup;
    private final String generatedSecret;
    private final List<String> missing = new ArrayList<>();
    private final List<String> unusable = new ArrayList<>();

    Resolution(SecretLookup lookup, String generatedSecret) {
      this.lookup = lookup;
      this.generatedSecret = generatedSecret;
    }

    String get(SecretKeyRef ref, String purpose) {
      return lookup(ref.name(), ref.key(), purpose);
    }

    String generated(String key, String purpose) {
      return lookup(generatedSecret, key, purpose + ", generated");
    }

    private String lookup(String name, String key, String purpose) {
      String value = lookup.value(name, key).map(SecretResolver::withoutFinalNewline).filter(v -> !v.isEmpty()).orElse(null);
      if (value == null) {
        missing.add("Secret " + name + " key " + key + " (" + purpose + ")");
        return null;
      }
      String problem = controlCharacter(value);
      if (problem != null) {
        unusable.add("Secret " + name + " key " + key + " (" + purpose + ") " + problem);
        return null;
      }
      return value;
    }
  }
}
