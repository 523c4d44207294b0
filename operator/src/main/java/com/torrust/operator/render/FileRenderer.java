package com.torrust.operator.render;

import com.torrust.operator.api.HttpTrackerSpec;
import com.torrust.operator.api.MysqlDatabaseSpec;
import com.torrust.operator.api.TrackerDeploymentSpec;
import com.torrust.operator.api.UdpTrackerSpec;
import com.torrust.operator.plan.DeployLayout;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.HostPlan;
import com.torrust.operator.plan.Owners;
import com.torrust.operator.plan.SecretFiles;
import com.torrust.operator.plan.Services;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders every file of a deployment. Secrets land only in the files that must hold them, each
 * 0600 and owned by the one service that reads it: the admin token in tracker.toml and
 * prometheus.yml, the MySQL password in tracker.toml (DSN), secrets/mysql_password and backup.conf.
 */
public final class FileRenderer {

  /** Fixed compose project name, so containers are found whatever the folder is called. */
  public static final String COMPOSE_PROJECT = "torrust";

  private static final String SQLITE_DIRECTORY = "/var/lib/torrust/tracker/database/";

  private final TemplateEngine templates = new TemplateEngine();

  public DesiredHostState render(HostPlan plan, TrackerDeploymentSpec spec, DeploymentSecrets secrets) {
    DeployLayout layout = plan.layout();
    String name = plan.deploymentName();
    List<PlannedFile> files = new ArrayList<>();

    Map<String, Object> compose = base(name);
    compose.put("services", plan.services());
    compose.put("networks", plan.networks());
    files.add(file(layout.path("docker-compose.yml"), 0644, Owners.ROOT, templates.render("compose/docker-compose.yml.peb", compose), false));

    Map<String, Object> env = base(name);
    env.put("project", COMPOSE_PROJECT);
    files.add(file(layout.path(".env"), 0600, Owners.ROOT, templates.render("compose/env.peb", env), false));

    files.add(file(layout.path("storage/tracker/etc/tracker.toml"), 0600, Owners.TRACKER, tracker(name, spec, secrets), true));

    if (Services.prometheus(spec)) {
      Map<String, Object> prometheus = base(name);
      prometheus.put("scrapeInterval", spec.prometheus().scrapeInterval());
      prometheus.put("scrapeToken", secrets.prometheusScrapeToken());
      prometheus.put("target", Services.TRACKER + ":" + spec.tracker().httpApi().port());
      Map<String, String> jobs = new LinkedHashMap<>();
      jobs.put("tracker_stats", "/api/v1/stats");
      jobs.put("tracker_metrics", "/api/v1/metrics");
      prometheus.put("jobs", jobs);
      // Group 1000: the backup image runs as uid 1000 and archives this file; tar fails on a file it cannot read.
      files.add(new PlannedFile(layout.path("storage/prometheus/etc/prometheus.yml"), 0640, Owners.PROMETHEUS, Owners.BACKUP,
          templates.render("prometheus/prometheus.yml.peb", prometheus), true));
    }

    if (Services.grafana(spec)) {
      Map<String, Object> context = base(name);
      context.put("scrapeInterval", spec.prometheus().scrapeInterval());
      String provisioning = "storage/grafana/provisioning/";
      files.add(file(layout.path(provisioning + "datasources/prometheus.yml"), 0644, Owners.ROOT,
          templates.render("grafana/datasource.yml.peb", context), false));
      files.add(file(layout.path(provisioning + "dashboards/torrust.yml"), 0644, Owners.ROOT,
          templates.render("grafana/dashboards.yml.peb", context), false));
      for (String dashboard : List.of("stats", "metrics")) {
        files.add(file(layout.path(provisioning + "dashboards/torrust/" + dashboard + ".json"), 0644, Owners.ROOT,
            templates.render("grafana/dashboards/" + dashboard + ".json.peb", context), false));
      }
      files.add(file(layout.path(SecretFiles.relative(SecretFiles.GRAFANA_ADMIN_USER)), 0600, Owners.GRAFANA,
          secrets.grafanaAdminUser(), true));
      files.add(file(layout.path(SecretFiles.relative(SecretFiles.GRAFANA_ADMIN_PASSWORD)), 0600, Owners.GRAFANA,
          secrets.grafanaAdminPassword(), true));
    }

    if (Services.mysql(spec)) {
      files.add(file(layout.path(SecretFiles.relative(SecretFiles.MYSQL_PASSWORD)), 0600, Owners.MYSQL,
          secrets.mysqlPassword(), true));
      files.add(file(layout.path(SecretFiles.relative(SecretFiles.MYSQL_ROOT_PASSWORD)), 0600, Owners.MYSQL,
          secrets.mysqlRootPassword(), true));
    }

    if (Services.caddy(spec)) {
      files.add(file(layout.path("storage/caddy/etc/Caddyfile"), 0644, Owners.ROOT, caddyfile(name, spec), false));
    }

    if (Services.backup(spec)) {
      files.addAll(backup(name, layout, spec, secrets));
    }
    files.addAll(securityUpdates(name, spec));
    return new DesiredHostState(plan, files);
  }

  private String tracker(String name, TrackerDeploymentSpec spec, DeploymentSecrets secrets) {
    Map<String, Object> context = base(name);
    boolean mysql = Services.mysql(spec);
    context.put("mysql", mysql);
    context.put("private", spec.tracker().privateMode());
    context.put("databaseDriver", mysql ? "mysql" : "sqlite3");
    context.put("databasePath", mysql ? mysqlDsn(spec.tracker().database().mysql(), secrets.mysqlPassword()) : sqlitePath(spec));
    boolean behindProxy =
        nullToEmpty(spec.tracker().httpTrackers()).stream().anyMatch(HttpTrackerSpec::tls);
    context.put("onReverseProxy", behindProxy);
    boolean ipv6 = spec.host().ipv6Enabled();
    context.put("udpBinds", binds(nullToEmpty(spec.tracker().udpTrackers()).stream().map(UdpTrackerSpec::port).toList(), ipv6));
    context.put("httpBinds", binds(nullToEmpty(spec.tracker().httpTrackers()).stream().map(HttpTrackerSpec::port).toList(), ipv6));
    context.put("apiPort", spec.tracker().httpApi().port());
    context.put("adminToken", secrets.apiAdminToken());
    context.put("scrapeToken", secrets.prometheusScrapeToken());
    context.put("healthCheckPort", spec.tracker().healthCheckApi().port());
    return templates.render("tracker/tracker.toml.peb", context);
  }

  /**
   * The tracker's listening addresses: each port on 0.0.0.0 and, with IPv6, on [::] too (the container
   * runs with net.ipv6.bindv6only=1, so each socket takes one family). Docker forwards IPv6 clients to
   * the container's IPv6 address, where an IPv4-only tracker would not answer; and one dual socket
   * would make v3.0.0 answer IPv4 clients in the IPv6 format (its handlers decide by the socket
   * address family, src/servers/udp/handlers.rs).
   */
  static List<String> binds(List<Integer> ports, boolean ipv6) {
    List<String> binds = new ArrayList<>();
    for (int port : ports) {
      binds.add("0.0.0.0:" + port);
      if (ipv6) {
        binds.add("[::]:" + port);
      }
    }
    return binds;
  }

  private String caddyfile(String name, TrackerDeploymentSpec spec) {
    Map<String, Object> context = base(name);
    context.put("adminEmail", spec.https().adminEmail());
    context.put("useStaging", spec.https().useStaging());
    List<Map<String, Object>> sites = new ArrayList<>();
    var api = spec.tracker().httpApi();
    if (api.tls()) {
      sites.add(site(api.domain(), Services.TRACKER + ":" + api.port()));
    }
    for (HttpTrackerSpec http : nullToEmpty(spec.tracker().httpTrackers())) {
      if (http.tls()) {
        sites.add(site(http.domain(), Services.TRACKER + ":" + http.port()));
      }
    }
    if (Services.grafanaBehindProxy(spec)) {
      sites.add(site(spec.grafana().domain(), Services.GRAFANA + ":" + Services.GRAFANA_CONTAINER_PORT));
    }
    context.put("sites", sites);
    return templates.render("caddy/Caddyfile.peb", context);
  }

  private List<PlannedFile> backup(String name, DeployLayout layout, TrackerDeploymentSpec spec, DeploymentSecrets secrets) {
    boolean mysql = Services.mysql(spec);
    Map<String, Object> conf = base(name);
    conf.put("mysql", mysql);
    conf.put("retentionDays", spec.backup().retentionDays());
    if (mysql) {
      MysqlDatabaseSpec database = spec.tracker().database().mysql();
      conf.put("databaseName", database.databaseName());
      conf.put("databaseUser", database.user());
      conf.put("databasePassword", secrets.mysqlPassword());
    } else {
      conf.put("sqlitePath", "/data/storage/tracker/lib/database/" + spec.tracker().database().sqlite().name());
    }
    List<String> paths = new ArrayList<>(List.of("/data/storage/tracker/etc/tracker.toml"));
    if (Services.prometheus(spec)) {
      paths.add("/data/storage/prometheus/etc/prometheus.yml");
    }
    if (Services.grafana(spec)) {
      paths.add("/data/storage/grafana/provisioning");
    }
    if (Services.caddy(spec)) {
      paths.add("/data/storage/caddy/etc/Caddyfile");
    }
    Map<String, Object> pathList = base(name);
    pathList.put("paths", paths);
    String script = layout.path("maintenance-backup.sh");
    Map<String, Object> cron = base(name);
    cron.put("schedule", spec.backup().schedule());
    cron.put("script", script);
    cron.put("log", DeployLayout.BACKUP_LOG);
    Map<String, Object> scriptContext = base(name);
    scriptContext.put("root", layout.root());
    return List.of(
        file(layout.path("storage/backup/etc/backup.conf"), 0600, Owners.BACKUP, templates.render("backup/backup.conf.peb", conf), mysql),
        file(layout.path("storage/backup/etc/backup-paths.txt"), 0644, Owners.ROOT, templates.render("backup/backup-paths.txt.peb", pathList), false),
        file(script, 0750, Owners.ROOT, templates.render("backup/maintenance-backup.sh.peb", scriptContext), false),
        file(DeployLayout.CRON_FILE, 0644, Owners.ROOT, templates.render("backup/tracker-backup.cron.peb", cron), false));
  }

  /** unattended-upgrades, on or off as the spec says; the operator owns both files either way. */
  private List<PlannedFile> securityUpdates(String name, TrackerDeploymentSpec spec) {
    var updates = spec.host().securityUpdates();
    Map<String, Object> periodic = base(name);
    periodic.put("state", updates.enabled() ? "on" : "off");
    periodic.put("flag", updates.enabled() ? "1" : "0");
    Map<String, Object> unattended = base(name);
    unattended.put("reboot", updates.enabled() && updates.automaticReboot() ? "true" : "false");
    unattended.put("rebootTime", updates.rebootTime());
    return List.of(
        file(DeployLayout.APT_PERIODIC, 0644, Owners.ROOT, templates.render("apt/20auto-upgrades.peb", periodic), false),
        file(DeployLayout.APT_UNATTENDED, 0644, Owners.ROOT, templates.render("apt/52tracker-operator-upgrades.peb", unattended), false));
  }

  private static String sqlitePath(TrackerDeploymentSpec spec) {
    return SQLITE_DIRECTORY + spec.tracker().database().sqlite().name();
  }

  /** The tracker's MySQL URL; user and password percent-encoded (RFC 3986), so any character survives. */
  static String mysqlDsn(MysqlDatabaseSpec database, String password) {
    return "mysql://" + percentEncode(database.user()) + ":" + percentEncode(password) + "@" + Services.MYSQL + ":"
        + Services.MYSQL_PORT + "/" + database.databaseName();
  }

  static String percentEncode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /**
   * A proxied site. Caddy sets X-Forwarded-For to the client's address itself (and drops one sent by an
   * untrusted client), which is what the tracker reads with on_reverse_proxy; `caddy validate` warns
   * that setting it again is unnecessary.
   */
  private static Map<String, Object> site(String domain, String upstream) {
    Map<String, Object> site = new LinkedHashMap<>();
    site.put("domain", domain);
    site.put("upstream", upstream);
    return site;
  }

  private static Map<String, Object> base(String name) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("name", name);
    return context;
  }

  private static PlannedFile file(String path, int mode, int owner, String content, boolean holdsSecret) {
    return new PlannedFile(path, mode, owner, owner, content, holdsSecret);
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
