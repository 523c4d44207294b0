package com.torrust.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the real images need from the plan, from their sources (docs/host-state.md#what-the-images-expect):
 * each assertion here is a way a real deployment broke while busybox stand-ins accepted anything.
 */
class ImageContractsTest {

  private static HostPlan plan(TrackerDeployment deployment) {
    return Planner.plan(deployment.getMetadata().getName(), deployment.getSpec());
  }

  private static ComposeService service(HostPlan plan, String name) {
    return plan.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theTrackerGetsTheDriverVariableItsLoaderMergesOverTheToml() {
    // The v3.0.0 image bakes ..._DRIVER=sqlite3, which wins over tracker.toml: MySQL must set it.
    assertThat(service(plan(Specs.full()), Services.TRACKER).environment())
        .containsEntry("TORRUST_TRACKER_CONFIG_OVERRIDE_CORE__DATABASE__DRIVER", "mysql")
        .doesNotContainKey("TORRUST_TRACKER_DATABASE_DRIVER");
    assertThat(service(plan(Specs.minimal()), Services.TRACKER).environment())
        .containsEntry("TORRUST_TRACKER_CONFIG_OVERRIDE_CORE__DATABASE__DRIVER", "sqlite3");
  }

  @Test
  void theTrackerReadsItsConfigurationFromAReadOnlyMountTheEntryScriptDoesNotRewrite() {
    ComposeService tracker = service(plan(Specs.full()), Services.TRACKER);

    String configPath = tracker.environment().get("TORRUST_TRACKER_CONFIG_TOML_PATH");
    assertThat(configPath).doesNotStartWith("/etc/torrust/").doesNotStartWith("/var/lib/torrust/").doesNotStartWith("/var/log/torrust/");
    String directory = configPath.substring(0, configPath.lastIndexOf('/'));
    assertThat(tracker.volumes()).contains("./storage/tracker/etc:" + directory + ":ro");
  }

  @Test
  void theMountsTheEntryScriptRewritesArePlannedAsItLeavesThem() {
    // chown -R 1000:1000 and chmod -R 2770 on /var/lib/torrust and /var/log/torrust at every start.
    List<PlannedDirectory> dirs = plan(Specs.minimal()).directories();

    for (String path : List.of("/opt/torrust/storage/tracker/lib", "/opt/torrust/storage/tracker/lib/database", "/opt/torrust/storage/tracker/log")) {
      assertThat(dirs).filteredOn(d -> d.path().equals(path)).singleElement()
          .satisfies(d -> assertThat(List.of(d.mode(), d.uid(), d.gid())).as(path).containsExactly(02770, 1000, 1000));
    }
    assertThat(dirs).filteredOn(d -> d.path().equals("/opt/torrust/storage/tracker/etc")).singleElement()
        .satisfies(d -> assertThat(List.of(d.mode(), d.uid())).containsExactly(0755, 0));
  }

  @Test
  void everyHealthCheckHasTheStartPeriodAFirstStartNeeds() {
    HostPlan plan = plan(Specs.full());

    assertThat(service(plan, Services.MYSQL).healthcheck().startPeriod()).isEqualTo("30s");
    assertThat(service(plan, Services.GRAFANA).healthcheck().startPeriod()).isEqualTo("30s");
    assertThat(service(plan, Services.PROMETHEUS).healthcheck().startPeriod()).isEqualTo("10s");
    assertThat(service(plan, Services.CADDY).healthcheck().startPeriod()).isEqualTo("10s");
  }

  @Test
  void theBackupsOutputBelongsToTheBackupImagesUser() {
    assertThat(plan(Specs.full()).directories()).filteredOn(d -> d.path().equals("/opt/torrust/storage/backup/data")).singleElement()
        .satisfies(d -> assertThat(List.of(d.uid(), d.gid())).containsExactly(1000, 1000));
  }

  @Test
  void noPlannedFileLivesWhereAContainerCanWrite() {
    HostPlan plan = plan(Specs.full());
    var files = new com.torrust.operator.render.FileRenderer().render(plan, Specs.full().getSpec(),
        new DeploymentSecrets("t", "p", "r", "u", "g", "s")).files();
    String root = plan.layout().root();
    for (ComposeService service : plan.services()) {
      for (String volume : service.volumes()) {
        String[] parts = volume.split(":");
        boolean readOnly = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
        if (!readOnly) {
          String mounted = root + "/" + parts[0].substring(2);
          assertThat(files).as("%s mounts %s writable", service.name(), mounted)
              .noneMatch(f -> f.path().equals(mounted) || f.path().startsWith(mounted + "/"));
        }
      }
    }
    for (var file : files) {
      if (file.path().startsWith(root + "/")) {
        String parent = file.path().substring(0, file.path().lastIndexOf('/'));
        assertThat(plan.directories()).as("the directory of %s", file.path()).filteredOn(d -> d.path().equals(parent)).singleElement()
            .satisfies(d -> assertThat(d.uid() == 0 && (d.mode() & 022) == 0).as("%s is root's and only root writes it", parent).isTrue());
      }
    }
  }
}
