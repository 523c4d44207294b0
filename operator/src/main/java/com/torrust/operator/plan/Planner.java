package com.torrust.operator.plan;

import com.torrust.operator.api.TrackerDeploymentSpec;
import java.util.ArrayList;
import java.util.List;

/** Spec to host plan: a pure function, the same spec always giving the same plan. */
public final class Planner {

  private Planner() {}

  public static HostPlan plan(String deploymentName, TrackerDeploymentSpec spec) {
    DeployLayout layout = DeployLayout.standard();
    List<ExposedPort> exposure = ExposureTable.of(spec);
    List<DockerNetwork> networks = Segmentation.of(spec);
    return new HostPlan(
        deploymentName,
        layout,
        exposure,
        FirewallPlanner.plan(spec, exposure),
        networks,
        ComposePlanner.services(spec, exposure, networks),
        directories(spec, layout),
        spec.host().securityUpdates().enabled(),
        ImagePolicy.of(spec.images()));
  }

  private static List<PlannedDirectory> directories(TrackerDeploymentSpec spec, DeployLayout layout) {
    List<PlannedDirectory> dirs = new ArrayList<>();
    dirs.add(new PlannedDirectory(layout.root(), 0755, Owners.ROOT, Owners.ROOT));
    dirs.add(new PlannedDirectory(layout.path(SecretFiles.DIRECTORY), 0700, Owners.ROOT, Owners.ROOT));
    dirs.add(new PlannedDirectory(layout.path("storage"), 0755, Owners.ROOT, Owners.ROOT));
    dirs.add(new PlannedDirectory(layout.path("storage/tracker"), 0755, Owners.ROOT, Owners.ROOT));
    // Mounted read-only at a path the entry script does not touch: root's, so nothing but the operator changes it.
    dirs.add(new PlannedDirectory(layout.path("storage/tracker/etc"), 0755, Owners.ROOT, Owners.ROOT));
    // The image's entry script runs chown -R 1000:1000 and chmod -R 2770 on these mounts at every
    // start: planned as it leaves them, so a restart is not drift.
    for (String dir : List.of("tracker/lib", "tracker/lib/database", "tracker/log")) {
      dirs.add(new PlannedDirectory(layout.path("storage/" + dir), Owners.TRACKER_DATA_MODE, Owners.TRACKER, Owners.TRACKER));
    }
    if (Services.prometheus(spec)) {
      // 0750, group 1000: prometheus.yml (the scrape token) belongs to uid 65534, which is the host's
      // "nobody" too. Prometheus reaches its mount without crossing this directory and the backup (uid and
      // group 1000, which mounts all of storage) may cross it; host processes running as nobody cannot.
      dirs.add(new PlannedDirectory(layout.path("storage/prometheus"), 0750, Owners.ROOT, Owners.BACKUP));
      // Root's and mounted read-only: Prometheus reads its configuration, it never writes it.
      dirs.add(new PlannedDirectory(layout.path("storage/prometheus/etc"), 0755, Owners.ROOT, Owners.ROOT));
    }
    if (Services.grafana(spec)) {
      dirs.add(new PlannedDirectory(layout.path("storage/grafana"), 0755, Owners.ROOT, Owners.ROOT));
      dirs.add(new PlannedDirectory(layout.path("storage/grafana/data"), 0755, Owners.GRAFANA, Owners.GRAFANA));
      for (String dir : List.of("provisioning", "provisioning/datasources", "provisioning/dashboards", "provisioning/dashboards/torrust")) {
        dirs.add(new PlannedDirectory(layout.path("storage/grafana/" + dir), 0755, Owners.ROOT, Owners.ROOT));
      }
    }
    if (Services.mysql(spec)) {
      dirs.add(new PlannedDirectory(layout.path("storage/mysql"), 0755, Owners.ROOT, Owners.ROOT));
      dirs.add(new PlannedDirectory(layout.path("storage/mysql/data"), 0750, Owners.MYSQL, Owners.MYSQL));
    }
    if (Services.caddy(spec)) {
      for (String dir : List.of("caddy", "caddy/etc", "caddy/data", "caddy/config")) {
        dirs.add(new PlannedDirectory(layout.path("storage/" + dir), 0755, Owners.ROOT, Owners.ROOT));
      }
    }
    if (Services.backup(spec)) {
      dirs.add(new PlannedDirectory(layout.path("storage/backup"), 0755, Owners.ROOT, Owners.ROOT));
      dirs.add(new PlannedDirectory(layout.path("storage/backup/etc"), 0755, Owners.ROOT, Owners.ROOT));
      dirs.add(new PlannedDirectory(layout.path("storage/backup/data"), 0750, Owners.BACKUP, Owners.BACKUP));
    }
    return dirs;
  }
}
