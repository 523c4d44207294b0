package com.torrust.operator.plan;

import com.torrust.operator.api.GrafanaSpec;
import com.torrust.operator.api.TrackerDeploymentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The compose services of a deployment, with ports taken from the exposure table and networks from segmentation. */
final class ComposePlanner {

  /**
   * Where the tracker reads its configuration: outside /etc/torrust, /var/lib/torrust and
   * /var/log/torrust, which the image's entry script chowns to 1000 and chmods to 2770 on every start,
   * and mounted read-only, so the container can neither change it nor swap it for a link.
   */
  static final String TRACKER_CONFIG_DIRECTORY = "/etc/tracker-operator";
  static final String TRACKER_CONFIG = TRACKER_CONFIG_DIRECTORY + "/tracker.toml";
  /**
   * The variable the tracker's configuration loader merges over tracker.toml (sections split on "__").
   * The v3.0.0 image bakes it as sqlite3, so it must be set for MySQL; develop images bake none and
   * the entry script refuses to start without it. (The older TORRUST_TRACKER_DATABASE_DRIVER is ignored.)
   */
  static final String DRIVER_VARIABLE = "TORRUST_TRACKER_CONFIG_OVERRIDE_CORE__DATABASE__DRIVER";
  private static final String RESTART = "unless-stopped";

  private ComposePlanner() {}

  static List<ComposeService> services(
      TrackerDeploymentSpec spec, List<ExposedPort> exposure, List<DockerNetwork> networks) {
    List<ComposeService> services = new ArrayList<>();
    if (Services.caddy(spec)) {
      services.add(caddy(spec, exposure, networks));
    }
    services.add(tracker(spec, exposure, networks));
    if (Services.prometheus(spec)) {
      services.add(prometheus(spec, exposure, networks));
    }
    if (Services.grafana(spec)) {
      services.add(grafana(spec, exposure, networks));
    }
    if (Services.mysql(spec)) {
      services.add(mysql(spec, networks));
    }
    if (Services.backup(spec)) {
      services.add(backup(spec, networks));
    }
    return services.stream().map(s -> s.withLimits(Limits.of(s.name(), spec))).toList();
  }

  private static ComposeService tracker(
      TrackerDeploymentSpec spec, List<ExposedPort> exposure, List<DockerNetwork> networks) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("USER_ID", Integer.toString(Owners.TRACKER));
    env.put("TORRUST_TRACKER_CONFIG_TOML_PATH", TRACKER_CONFIG);
    env.put(DRIVER_VARIABLE, Services.mysql(spec) ? "mysql" : "sqlite3");
    env.put("HEALTH_CHECK_API_PORT", Integer.toString(spec.tracker().healthCheckApi().port()));
    Map<String, String> dependsOn = Services.mysql(spec) ? Map.of(Services.MYSQL, "service_healthy") : Map.of();
    return new ComposeService(
        Services.TRACKER,
        spec.tracker().image(),
        List.of(),
        env,
        bindings(Services.TRACKER, exposure),
        List.of(
            "./storage/tracker/lib:/var/lib/torrust/tracker:Z",
            "./storage/tracker/log:/var/log/torrust/tracker:Z",
            "./storage/tracker/etc:" + TRACKER_CONFIG_DIRECTORY + ":ro"),
        Segmentation.networksOf(Services.TRACKER, networks),
        null,
        dependsOn,
        null,
        RESTART,
        List.of(),
        // With IPv6 the tracker listens on 0.0.0.0 and [::] separately (see TrackerBinds): an IPv6 socket
        // that also took IPv4 would stop the IPv4 one from binding, and v3.0.0 would answer IPv4 clients
        // that came in through it in the IPv6 format.
        spec.host().ipv6Enabled() ? Map.of("net.ipv6.bindv6only", "1") : Map.of());
  }

  private static ComposeService prometheus(
      TrackerDeploymentSpec spec, List<ExposedPort> exposure, List<DockerNetwork> networks) {
    return new ComposeService(
        Services.PROMETHEUS,
        spec.prometheus().image(),
        List.of(),
        Map.of(),
        bindings(Services.PROMETHEUS, exposure),
        List.of("./storage/prometheus/etc:/etc/prometheus:ro"),
        Segmentation.networksOf(Services.PROMETHEUS, networks),
        null,
        Map.of(Services.TRACKER, "service_started"),
        Healthcheck.of("10s", "CMD", "wget", "--spider", "-q", "http://localhost:9090/-/healthy"),
        RESTART,
        List.of());
  }

  private static ComposeService grafana(
      TrackerDeploymentSpec spec, List<ExposedPort> exposure, List<DockerNetwork> networks) {
    GrafanaSpec grafana = spec.grafana();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GF_SECURITY_ADMIN_USER__FILE", SecretFiles.inContainer(SecretFiles.GRAFANA_ADMIN_USER));
    env.put("GF_SECURITY_ADMIN_PASSWORD__FILE", SecretFiles.inContainer(SecretFiles.GRAFANA_ADMIN_PASSWORD));
    if (grafana.domain() != null) {
      env.put(
          "GF_SERVER_ROOT_URL",
          grafana.tls() ? "https://" + grafana.domain() + "/" : "http://" + grafana.domain() + ":" + grafana.port() + "/");
    }
    return new ComposeService(
        Services.GRAFANA,
        grafana.image(),
        List.of(),
        env,
        bindings(Services.GRAFANA, exposure),
        List.of(
            "./storage/grafana/data:/var/lib/grafana",
            "./storage/grafana/provisioning:/etc/grafana/provisioning:ro",
            SecretFiles.mount(SecretFiles.GRAFANA_ADMIN_USER),
            SecretFiles.mount(SecretFiles.GRAFANA_ADMIN_PASSWORD)),
        Segmentation.networksOf(Services.GRAFANA, networks),
        null,
        Map.of(Services.PROMETHEUS, "service_healthy"),
        Healthcheck.of("30s", "CMD", "wget", "--spider", "-q", "http://localhost:3000/api/health"),
        RESTART,
        List.of());
  }

  private static ComposeService mysql(TrackerDeploymentSpec spec, List<DockerNetwork> networks) {
    var database = spec.tracker().database().mysql();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MYSQL_DATABASE", database.databaseName());
    env.put("MYSQL_USER", database.user());
    env.put("MYSQL_PASSWORD_FILE", SecretFiles.inContainer(SecretFiles.MYSQL_PASSWORD));
    env.put("MYSQL_ROOT_PASSWORD_FILE", SecretFiles.inContainer(SecretFiles.MYSQL_ROOT_PASSWORD));
    return new ComposeService(
        Services.MYSQL,
        spec.mysql().image(),
        List.of("--mysql-native-password=ON"),
        env,
        List.of(),
        List.of(
            "./storage/mysql/data:/var/lib/mysql",
            SecretFiles.mount(SecretFiles.MYSQL_PASSWORD),
            SecretFiles.mount(SecretFiles.MYSQL_ROOT_PASSWORD)),
        Segmentation.networksOf(Services.MYSQL, networks),
        null,
        Map.of(),
        Healthcheck.of("30s", "CMD", "mysqladmin", "ping", "-h", "localhost"),
        RESTART,
        List.of());
  }

  private static ComposeService caddy(
      TrackerDeploymentSpec spec, List<ExposedPort> exposure, List<DockerNetwork> networks) {
    return new ComposeService(
        Services.CADDY,
        spec.https().image(),
        List.of(),
        Map.of(),
        bindings(Services.CADDY, exposure),
        List.of(
            "./storage/caddy/etc/Caddyfile:/etc/caddy/Caddyfile:ro",
            "./storage/caddy/data:/data",
            "./storage/caddy/config:/config"),
        Segmentation.networksOf(Services.CADDY, networks),
        null,
        Map.of(),
        Healthcheck.of("10s", "CMD", "caddy", "validate", "--config", "/etc/caddy/Caddyfile"),
        RESTART,
        List.of());
  }

  private static ComposeService backup(TrackerDeploymentSpec spec, List<DockerNetwork> networks) {
    List<String> attached = Segmentation.networksOf(Services.BACKUP, networks);
    Map<String, String> dependsOn = Services.mysql(spec) ? Map.of(Services.MYSQL, "service_healthy") : Map.of();
    return new ComposeService(
        Services.BACKUP,
        spec.backup().image(),
        List.of(),
        Map.of(),
        List.of(),
        List.of(
            "./storage/backup/etc/backup.conf:/etc/backup/backup.conf:ro",
            "./storage/backup/etc/backup-paths.txt:/etc/backup/backup-paths.txt:ro",
            "./storage:/data/storage:ro",
            "./storage/backup/data:/backups"),
        attached,
        attached.isEmpty() ? "none" : null, // a SQLite backup needs no network at all
        dependsOn,
        null,
        "no",
        List.of(Services.BACKUP));
  }

  private static List<String> bindings(String service, List<ExposedPort> exposure) {
    return exposure.stream()
        .filter(p -> p.service().equals(service) && p.hostPort() != null)
        .map(ExposedPort::composeBinding)
        .toList();
  }
}
