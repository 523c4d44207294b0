package com.torrust.operator.cli;

import static com.torrust.operator.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.torrust.operator.cli.CommandLineTest.Run;
import com.torrust.operator.sandbox.FullStack;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/full.yaml deployed with stand-ins that behave as the real images do (scripts/standins/)
 * and the real Prometheus, then lived with: the tracker restarted, the nightly backup run. Each step
 * ends with every service up and `check` clean.
 */
@ExtendWith(SandboxHosts.class)
class FullStackTest {

  @TempDir Path dir;

  private Run cli(SandboxHost host, Path manifest, String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "-f", manifest.toString(), "--ssh-key", host.sshKey().toString(),
        "--host-key", host.hostKeyFingerprint()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  private static void assertClean(Run check, String when) {
    assertThat(check.exitCode()).as("check %s:\n%s%s", when, check.out(), check.err()).isZero();
  }

  /** Waits until every Prometheus target is up (the first scrape comes within one 15 s interval). */
  private static JsonNode targetsUp(SandboxHost host) throws Exception {
    JsonNode targets = null;
    for (int i = 0; i < 60; i++) {
      targets = new ObjectMapper().readTree(host.shell("wget -q -O - http://127.0.0.1:9090/api/v1/targets")).path("data").path("activeTargets");
      boolean allUp = targets.size() > 0;
      for (JsonNode target : targets) {
        allUp &= "up".equals(target.path("health").asText());
      }
      if (allUp) {
        return targets;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("Prometheus targets not up after 60 s: " + targets);
  }

  private static void awaitRunning(SandboxHost host, String container) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (host.shell("docker inspect -f '{{.State.Status}} {{.RestartCount}}' " + container).startsWith("running 0")) {
        Thread.sleep(500); // the stand-in's servers start right after its entry script
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(container + " is not running: " + host.shell("docker ps -a; docker logs " + container + " 2>&1 | tail -5"));
  }

  @Test
  void theFullExampleServesSurvivesRestartsAndBacksUpWithNoDrift(SandboxHost host) throws Exception {
    FullStack.images(host);
    Path manifest = dir.resolve("full.yaml");
    Files.writeString(manifest, FullStack.manifest(host));

    Run apply = cli(host, manifest, "apply", "--wait", "120");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    awaitRunning(host, "torrust_tracker_1");
    assertThat(host.shell("docker exec torrust_tracker_1 wget -q -O - 'http://127.0.0.1:1212/api/v1/stats?token=" + FullStack.ADMIN_TOKEN + "'"))
        .as("the tracker runs on MySQL and its API takes the admin token").startsWith("{\"torrents\"");
    JsonNode targets = targetsUp(host);
    assertThat(targets).extracting(t -> t.path("labels").path("job").asText()).containsExactlyInAnyOrder("tracker_stats", "tracker_metrics");
    assertThat(targets.toString()).doesNotContain(FullStack.ADMIN_TOKEN);
    assertClean(cli(host, manifest, "check"), "after apply");

    // The entry script chowns and chmods the tracker's mounts at every start: no drift, nothing to repair.
    host.shell("docker restart torrust_tracker_1 >/dev/null");
    awaitRunning(host, "torrust_tracker_1");
    assertClean(cli(host, manifest, "check"), "after a tracker restart");

    // The nightly job as cron runs it: the tracker stopped, a dump and a config archive, the tracker started.
    SandboxHost.Result backup = host.exec("sh", "-c", "/opt/torrust/maintenance-backup.sh");
    assertThat(backup.exitCode()).as(backup.out() + backup.err()).isZero();
    assertThat(host.shell("ls /opt/torrust/storage/backup/data/mysql /opt/torrust/storage/backup/data/config"))
        .containsPattern("mysql_\\d{8}_\\d{6}\\.sql\\.gz").containsPattern("config_\\d{8}_\\d{6}\\.tar\\.gz");
    assertThat(host.shell("tar -tzf /opt/torrust/storage/backup/data/config/config_*.tar.gz"))
        .contains("data/storage/tracker/etc/tracker.toml", "data/storage/prometheus/etc/prometheus.yml");
    awaitRunning(host, "torrust_tracker_1");
    targetsUp(host);
    assertClean(cli(host, manifest, "check"), "after the backup");
  }
}
