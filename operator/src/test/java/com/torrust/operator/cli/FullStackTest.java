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

  /** Waits until no container's health check is still starting (their start periods run after a restart). */
  private static void awaitHealthy(SandboxHost host) throws InterruptedException {
    for (int i = 0; i < 120; i++) {
      String status = host.shell("docker ps --format '{{.Names}} {{.Status}}'");
      if (!status.contains("health: starting") && !status.contains("unhealthy")) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("containers not healthy after 60 s: " + host.shell("docker ps --format '{{.Names}} {{.Status}}'"));
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
    // Every other container restarted too (MySQL's entrypoint takes its data directory back at each start).
    host.shell("for c in torrust_mysql_1 torrust_prometheus_1 torrust_grafana_1 torrust_caddy_1; do docker restart $c >/dev/null; done");
    for (String container : List.of("torrust_mysql_1", "torrust_prometheus_1", "torrust_grafana_1", "torrust_caddy_1")) {
      awaitRunning(host, container);
    }
    awaitHealthy(host);
    assertClean(cli(host, manifest, "check"), "after every container restarted");

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

    // Every secret rotated at once: each service takes its new value and the old one stops working.
    Path rotated = dir.resolve("rotated.yaml");
    Files.writeString(rotated, FullStack.manifest(host)
        .replace("token: REPLACE-ME-api-admin-token", "token: admin-token-2")
        .replace("password: REPLACE-ME-mysql-tracker-password", "password: tracker-pw-2")
        .replace("root-password: REPLACE-ME-mysql-root-password", "root-password: root-pw-2")
        .replace("password: REPLACE-ME-grafana-admin-password", "password: grafana-pw-2")
        .replace("prometheus-scrape-token: " + FullStack.SCRAPE_TOKEN, "prometheus-scrape-token: scrape-token-2"));

    Run rotation = cli(host, rotated, "apply", "--wait", "120");

    assertThat(rotation.exitCode()).as(rotation.out() + rotation.err()).isZero();
    assertThat(rotation.out()).contains("change the MySQL password of user torrust and root in the running server",
        "reset the Grafana admin password in the running server");
    awaitRunning(host, "torrust_tracker_1");
    String stats = "docker exec torrust_tracker_1 wget -q -O - 'http://127.0.0.1:1212/api/v1/stats?token=";
    assertThat(host.shell(stats + "admin-token-2'")).startsWith("{\"torrents\"");
    assertThat(host.exec("sh", "-c", stats + FullStack.ADMIN_TOKEN + "'").exitCode()).as("the old admin token").isNotZero();
    String mysql = "echo 'SELECT 1;' | docker exec -i torrust_mysql_1 mysql ";
    assertThat(host.exec("sh", "-c", mysql + "--user=torrust --password=tracker-pw-2").exitCode()).isZero();
    assertThat(host.exec("sh", "-c", mysql + "--user=root --password=root-pw-2").exitCode()).isZero();
    assertThat(host.exec("sh", "-c", mysql + "--user=torrust --password=REPLACE-ME-mysql-tracker-password").exitCode()).isNotZero();
    String grafana = "docker exec torrust_grafana_1 wget -q -O - --header 'Authorization: Basic %s' http://127.0.0.1:3000/api/user";
    assertThat(host.exec("sh", "-c", String.format(grafana, basic("admin", "grafana-pw-2"))).exitCode()).isZero();
    assertThat(host.exec("sh", "-c", String.format(grafana, basic("admin", "REPLACE-ME-grafana-admin-password"))).exitCode()).isNotZero();
    assertThat(targetsUp(host).toString()).contains("scrape-token-2");
    assertThat(host.exec("sh", "-c", "/opt/torrust/maintenance-backup.sh").exitCode()).as("the backup dumps with the new password").isZero();
    awaitRunning(host, "torrust_tracker_1");
    assertClean(cli(host, rotated, "check"), "after rotating every secret");

    // A rotation MySQL refuses (its root password was changed by hand) stops before any file: the old password works on.
    host.shell("echo \"ALTER USER 'root'@'localhost' IDENTIFIED BY 'changed-by-hand';\" | docker exec -i torrust_mysql_1 mysql --user=root --password=root-pw-2");
    Path refused = dir.resolve("refused.yaml");
    Files.writeString(refused, Files.readString(rotated).replace("password: tracker-pw-2", "password: tracker-pw-3"));

    Run failed = cli(host, refused, "apply", "--wait", "60");

    assertThat(failed.exitCode()).isNotZero();
    assertThat(failed.out() + failed.err()).contains("MySQL refused the password change (ERROR 1045)", "the old passwords stay in force")
        .doesNotContain("tracker-pw-3", "changed-by-hand");
    assertThat(host.shell("cat /opt/torrust/storage/tracker/etc/tracker.toml /opt/torrust/storage/backup/etc/backup.conf"))
        .contains("tracker-pw-2").doesNotContain("tracker-pw-3");
    assertThat(host.exec("sh", "-c", mysql + "--user=torrust --password=tracker-pw-2").exitCode()).isZero();
    awaitRunning(host, "torrust_tracker_1");
  }

  private static String basic(String user, String password) {
    return java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
