package com.torrust.operator.plan;

import com.torrust.operator.api.DatabaseDriver;
import com.torrust.operator.api.GrafanaSpec;
import com.torrust.operator.api.MysqlDatabaseSpec;
import com.torrust.operator.api.SecretKeyRef;
import com.torrust.operator.api.TrackerDeploymentSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves every secret value the spec needs. Values the user did not provide (the API admin token,
 * the MySQL root password) come from the deployment's generated Secret, {@code <name>-generated}.
 */
public final class SecretResolver {

  public static final String GENERATED_API_ADMIN_TOKEN = "api-admin-token";
  public static final String GENERATED_MYSQL_ROOT_PASSWORD = "mysql-root-password";

  private SecretResolver() {}

  /** Name of the Secret holding generated values for the deployment {@code name}. */
  public static String generatedSecretName(String deploymentName) {
    return deploymentName + "-generated";
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
    if (!resolution.missing.isEmpty()) {
      throw new MissingSecretsException(resolution.missing);
    }
    return new DeploymentSecrets(token, mysqlPassword, mysqlRootPassword, grafanaUser, grafanaPassword);
  }

  /** Collects every missing value instead of stopping at the first, so one run names them all. */
  private static final class Resolution {
    private final SecretLookup lookup;
    private final String generatedSecret;
    private final List<String> missing = new ArrayList<>();

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
      return lookup.value(name, key)
          .filter(v -> !v.isEmpty())
          .orElseGet(
              () -> {
                missing.add("Secret " + name + " key " + key + " (" + purpose + ")");
                return null;
              });
    }
  }
}
