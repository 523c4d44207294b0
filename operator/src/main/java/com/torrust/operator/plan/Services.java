package com.torrust.operator.plan;

import com.torrust.operator.api.GrafanaSpec;
import com.torrust.operator.api.HttpTrackerSpec;
import com.torrust.operator.api.TrackerDeploymentSpec;

/** Which compose services a spec runs, and the facts about them every stage agrees on. */
public final class Services {

  public static final String TRACKER = "tracker";
  public static final String MYSQL = "mysql";
  public static final String PROMETHEUS = "prometheus";
  public static final String GRAFANA = "grafana";
  public static final String CADDY = "caddy";
  public static final String BACKUP = "backup";
  /** Not a container: the host's SSH server, listed in the exposure table because it is public. */
  public static final String SSHD = "sshd";

  public static final int PROMETHEUS_PORT = 9090;
  public static final int GRAFANA_CONTAINER_PORT = 3000;
  public static final int MYSQL_PORT = 3306;

  private Services() {}

  public static boolean mysql(TrackerDeploymentSpec spec) {
    return spec.tracker().database().driver() == com.torrust.operator.api.DatabaseDriver.MySQL;
  }

  public static boolean prometheus(TrackerDeploymentSpec spec) {
    return spec.prometheus() != null && spec.prometheus().enabled();
  }

  public static boolean grafana(TrackerDeploymentSpec spec) {
    return spec.grafana() != null && spec.grafana().enabled();
  }

  public static boolean backup(TrackerDeploymentSpec spec) {
    return spec.backup() != null && spec.backup().enabled();
  }

  /** The TLS proxy runs exactly when spec.https is set (admission ensures some service then uses TLS). */
  public static boolean caddy(TrackerDeploymentSpec spec) {
    return spec.https() != null;
  }

  public static boolean grafanaBehindProxy(TrackerDeploymentSpec spec) {
    GrafanaSpec grafana = spec.grafana();
    return grafana(spec) && grafana.tls();
  }

  /** Whether any tracker endpoint (HTTP tracker or API) is served through the proxy. */
  public static boolean trackerBehindProxy(TrackerDeploymentSpec spec) {
    return spec.tracker().httpApi().tls()
        || spec.tracker().httpTrackers() != null && spec.tracker().httpTrackers().stream().anyMatch(HttpTrackerSpec::tls);
  }
}
