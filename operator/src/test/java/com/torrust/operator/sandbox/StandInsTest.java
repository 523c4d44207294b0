package com.torrust.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stand-in images (scripts/standins/) fail where the real images fail: each assertion is a fact
 * read in the upstream sources (docs/host-state.md#what-the-images-expect). A stand-in that accepted
 * anything would let the stack test pass on a deployment that breaks for real.
 */
@ExtendWith(SandboxHosts.class)
class StandInsTest {

  private static final String CONFIG = """
      [metadata]
      schema_version = "2.0.0"
      [logging]
      threshold = "info"
      [core]
      listed = false
      private = false
      [core.database]
      driver = "sqlite3"
      path = "%s"
      [http_api]
      bind_address = "0.0.0.0:1212"
      [http_api.access_tokens]
      admin = "ADMIN"
      [health_check_api]
      bind_address = "127.0.0.1:1313"
      """;

  /** Runs a tracker container (detached) with {@code env} ("-e A=B ..."); returns after it started or exited. */
  private static void tracker(SandboxHost host, String name, String image, String env) {
    host.shell("docker run -d --name " + name + (env.contains("--network") ? " " : " --network db ") + env
        + " -e TORRUST_TRACKER_CONFIG_TOML_PATH=/etc/tracker-operator/tracker.toml -v /opt/t/" + name + "/etc:/etc/tracker-operator:ro"
        + " -v /opt/t/" + name + "/lib:/var/lib/torrust/tracker -v /opt/t/" + name + "/log:/var/log/torrust/tracker " + image + " >/dev/null"
        + " && for i in $(seq 50); do docker logs " + name + " 2>&1 | grep -q -e 'Tracker started' -e panicked -e Error -e ERROR && break;"
        + " [ \"$(docker inspect -f '{{.State.Running}}' " + name + ")\" = false ] && break; sleep 0.1; done");
  }

  private static void config(SandboxHost host, String name, String databasePath) {
    host.shell("mkdir -p /opt/t/" + name + "/etc && cat > /opt/t/" + name + "/etc/tracker.toml <<'EOF'\n" + String.format(CONFIG, databasePath)
        + "EOF\nchown 1000:1000 /opt/t/" + name + "/etc/tracker.toml && chmod 0600 /opt/t/" + name + "/etc/tracker.toml");
  }

  private static String exitCode(SandboxHost host, String name) {
    // A container that is to fail may still be on its way out: give it 3 s.
    return host.shell("for i in $(seq 30); do s=$(docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' " + name + ");"
        + " [ \"$s\" = 'running 0' ] || break; sleep 0.1; done; echo \"$s\"").trim();
  }

  @Test
  void theTrackerStandInFailsWhereTheTrackerImageFails(SandboxHost host) {
    host.standin("tracker", "local/tracker:v3.0.0", "v3.0.0");
    host.standin("tracker", "local/tracker:develop-build", "develop");
    host.shell("docker network create db >/dev/null");

    // develop images bake no driver: the entry script refuses to start without one, and refuses an unknown one.
    config(host, "unset", "/var/lib/torrust/tracker/database/sqlite3.db");
    tracker(host, "unset", "local/tracker:develop-build", "");
    assertThat(exitCode(host, "unset")).isEqualTo("exited 1");
    assertThat(host.shell("docker logs unset 2>&1")).contains("TORRUST_TRACKER_CONFIG_OVERRIDE_CORE__DATABASE__DRIVER\" was not set");
    config(host, "unknown", "/var/lib/torrust/tracker/database/sqlite3.db");
    tracker(host, "unknown", "local/tracker:develop-build", "-e TORRUST_TRACKER_CONFIG_OVERRIDE_CORE__DATABASE__DRIVER=postgres");
    assertThat(exitCode(host, "unknown")).isEqualTo("exited 1");

    // v3.0.0 bakes sqlite3, which wins over the TOML; the old variable name changes nothing: a MySQL URL panics.
    config(host, "oldname", "mysql://torrust:pw@mysql:3306/torrust");
    tracker(host, "oldname", "local/tracker:v3.0.0", "-e TORRUST_TRACKER_DATABASE_DRIVER=mysql");
    assertThat(exitCode(host, "oldname")).isEqualTo("exited 101");
    assertThat(host.shell("docker logs oldname 2>&1")).contains("panicked", "unable to open database file");

    // A configuration the tracker's user cannot read is a panic, not a default configuration.
    config(host, "unreadable", "/var/lib/torrust/tracker/database/sqlite3.db");
    host.shell("chown 0:0 /opt/t/unreadable/etc/tracker.toml");
    tracker(host, "unreadable", "local/tracker:v3.0.0", "");
    assertThat(exitCode(host, "unreadable")).isEqualTo("exited 101");

    // The entry script takes its mounts back at every start: 2770, 1000:1000, whatever they were.
    config(host, "v3", "/var/lib/torrust/tracker/database/sqlite3.db");
    host.shell("mkdir -p /opt/t/v3/lib/database /opt/t/v3/log && chmod 0755 /opt/t/v3/lib /opt/t/v3/log");
    tracker(host, "v3", "local/tracker:v3.0.0", "");
    assertThat(exitCode(host, "v3")).isEqualTo("running 0");
    assertThat(host.shell("stat -c '%a %u:%g' /opt/t/v3/lib /opt/t/v3/lib/database /opt/t/v3/log")).isEqualTo("2770 1000:1000\n".repeat(3));
    host.shell("chmod 0755 /opt/t/v3/lib && chown 0:0 /opt/t/v3/log && docker restart v3 >/dev/null"
        + " && for i in $(seq 50); do [ \"$(stat -c %a /opt/t/v3/lib)\" = 2770 ] && break; sleep 0.1; done");
    assertThat(host.shell("stat -c '%a %u:%g' /opt/t/v3/lib /opt/t/v3/log")).isEqualTo("2770 1000:1000\n".repeat(2));

    // Only the routes of its version: v3.0.0 answers statistics in JSON, and has no metrics route.
    String api = "docker exec v3 wget -q -O - 'http://127.0.0.1:1212/api/v1/";
    assertThat(host.shell(api + "stats?token=ADMIN&format=prometheus'")).startsWith("{\"torrents\":0");
    assertThat(host.exec("sh", "-c", api + "metrics?token=ADMIN&format=prometheus'").exitCode()).isNotZero();
    assertThat(host.exec("sh", "-c", api + "stats?token=WRONG'").exitCode()).as("a wrong token").isNotZero();
    config(host, "dev", "/var/lib/torrust/tracker/database/sqlite3.db");
    tracker(host, "dev", "local/tracker:develop-build", "-e TORRUST_TRACKER_CONFIG_OVERRIDE_CORE__DATABASE__DRIVER=sqlite3");
    assertThat(host.shell("docker exec dev wget -q -O - 'http://127.0.0.1:1212/api/v1/metrics?token=ADMIN&format=prometheus'"))
        .contains("# TYPE");

    // One socket per address, as the real tracker binds them: "[::]:P" takes IPv4 too unless the container
    // has net.ipv6.bindv6only=1, and then "0.0.0.0:P" cannot bind; with it, each family has its own socket.
    host.shell("docker network create --ipv6 --subnet fd54:7472:6b72:9::/64 db6 >/dev/null");
    for (String name : java.util.List.of("dual", "split")) {
      config(host, name, "/var/lib/torrust/tracker/database/sqlite3.db");
      host.shell("printf '[[udp_trackers]]\\nbind_address = \"0.0.0.0:6969\"\\n[[udp_trackers]]\\nbind_address = \"[::]:6969\"\\n'"
          + " >> /opt/t/" + name + "/etc/tracker.toml");
    }
    tracker(host, "dual", "local/tracker:v3.0.0", "--network db6");
    assertThat(exitCode(host, "dual")).isEqualTo("exited 101");
    assertThat(host.shell("docker logs dual 2>&1")).contains("could not bind to socket!", "Address already in use");
    tracker(host, "split", "local/tracker:v3.0.0", "--network db6 --sysctl net.ipv6.bindv6only=1");
    assertThat(exitCode(host, "split")).isEqualTo("running 0");
    host.shell("for i in $(seq 50); do docker exec split cat /proc/net/udp | grep -q ':1B39 ' && docker exec split cat /proc/net/udp6"
        + " | grep -q ':1B39 ' && exit 0; sleep 0.1; done; echo 'no UDP 6969 socket for each family' >&2; exit 1");
  }

  @Test
  void theMysqlStandInAppliesItsPasswordsOnlyToAnEmptyDataDirectory(SandboxHost host) {
    host.standin("mysql", "local/mysql:8", null);
    host.standin("tracker", "local/tracker:develop-build", "develop");
    host.shell("docker network create db >/dev/null && mkdir -p /opt/t/mysql && printf first > /opt/t/pw");
    String run = "docker run -d --name mysql --network db -v /opt/t/mysql:/var/lib/mysql -v /opt/t/pw:/run/secrets/pw:ro"
        + " -e MYSQL_ROOT_PASSWORD=root -e MYSQL_USER=torrust -e MYSQL_PASSWORD_FILE=/run/secrets/pw -e MYSQL_DATABASE=torrust"
        + " local/mysql:8 --mysql-native-password=ON >/dev/null"
        + " && for i in $(seq 100); do echo 'SELECT 1;' | docker exec -i mysql mysql --user=root --password=root 2>/dev/null && break; sleep 0.1; done";
    host.shell(run);
    String login = "echo 'SELECT 1;' | docker exec -i mysql mysql --user=torrust --password=";

    host.shell("docker rm -f mysql >/dev/null && printf second > /opt/t/pw");
    host.shell(run);

    assertThat(host.exec("sh", "-c", login + "second").exitCode()).as("the new value never reached the database").isNotZero();
    assertThat(host.exec("sh", "-c", login + "first").exitCode()).isZero();
    assertThat(host.exec("sh", "-c", "docker exec mysql mysqladmin ping -h localhost --password=wrong").exitCode())
        .as("mysqladmin ping answers 0 even for a wrong password").isZero();
    // A tracker with the rotated password in its DSN cannot log in: it panics, and Docker restarts it forever.
    config(host, "tracker", "mysql://torrust:second@mysql:3306/torrust");
    tracker(host, "tracker", "local/tracker:develop-build", "-e TORRUST_TRACKER_CONFIG_OVERRIDE_CORE__DATABASE__DRIVER=mysql");
    assertThat(exitCode(host, "tracker")).isEqualTo("exited 101");
    assertThat(host.shell("docker logs tracker 2>&1")).contains("Access denied", "'torrust'").doesNotContain("second");
  }

  @Test
  void theGrafanaStandInAppliesItsAdminPasswordOnlyWhenItCreatesItsDatabase(SandboxHost host) {
    host.standin("grafana", "local/grafana:13", null);
    host.shell("mkdir -p /opt/t/grafana && chown 472 /opt/t/grafana && printf first > /opt/t/pw && chmod 0644 /opt/t/pw");
    String run = "docker run -d --name grafana -v /opt/t/grafana:/var/lib/grafana -v /opt/t/pw:/run/secrets/pw:ro -e GF_SECURITY_ADMIN_USER=admin"
        + " -e GF_SECURITY_ADMIN_PASSWORD__FILE=/run/secrets/pw local/grafana:13 >/dev/null"
        + " && for i in $(seq 100); do docker exec grafana wget -q -O /dev/null http://127.0.0.1:3000/api/health 2>/dev/null && break; sleep 0.1; done";
    String login = "docker exec grafana wget -q -O - --header \"Authorization: Basic $(printf admin:%s | base64)\" http://127.0.0.1:3000/api/user";
    host.shell(run);
    host.shell("docker rm -f grafana >/dev/null && printf second > /opt/t/pw");
    host.shell(run);

    assertThat(host.exec("sh", "-c", String.format(login, "second")).exitCode()).as("the new value never reached Grafana").isNotZero();
    assertThat(host.exec("sh", "-c", String.format(login, "first")).exitCode()).isZero();

    host.shell("printf second | docker exec -i grafana grafana cli --homepath /usr/share/grafana admin reset-admin-password --password-from-stdin");

    assertThat(host.exec("sh", "-c", String.format(login, "second")).exitCode()).isZero();
    assertThat(host.exec("sh", "-c", String.format(login, "first")).exitCode()).isNotZero();
  }

  @Test
  void theBackupStandInRunsAsUid1000AndStopsBeforeCleanupOnAFileItCannotRead(SandboxHost host) {
    host.standin("backup", "local/backup:1", null);
    host.shell("mkdir -p /opt/t/etc /opt/t/data/config /opt/t/storage && chown 1000:1000 /opt/t/data /opt/t/data/config"
        + " && printf 'BACKUP_RETENTION_DAYS=7\\nBACKUP_PATHS_FILE=/etc/backup/backup-paths.txt\\nDB_TYPE=none\\n' > /opt/t/etc/backup.conf"
        + " && printf '/data/storage/readable.txt\\n/data/storage/secret.yml\\n' > /opt/t/etc/backup-paths.txt"
        + " && echo a > /opt/t/storage/readable.txt && echo b > /opt/t/storage/secret.yml && chown 65534:65534 /opt/t/storage/secret.yml"
        + " && chmod 0600 /opt/t/storage/secret.yml && touch -d '2000-01-01' /opt/t/data/config/config_20000101_000000.tar.gz");
    String backup = "docker run --rm -v /opt/t/etc:/etc/backup:ro -v /opt/t/storage:/data/storage:ro -v /opt/t/data:/backups local/backup:1";

    SandboxHost.Result failed = host.exec("sh", "-c", backup);

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err()).contains("Config backup failed");
    assertThat(host.shell("ls /opt/t/data/config")).as("the cleanup never ran").contains("config_20000101_000000.tar.gz");

    host.shell("chgrp 1000 /opt/t/storage/secret.yml && chmod 0640 /opt/t/storage/secret.yml");
    SandboxHost.Result succeeded = host.exec("sh", "-c", backup);

    assertThat(succeeded.exitCode()).as(succeeded.err()).isZero();
    assertThat(host.shell("ls /opt/t/data/config")).doesNotContain("config_20000101_000000.tar.gz").contains(".tar.gz");
    assertThat(host.shell("stat -c '%u' /opt/t/data/config/*.tar.gz").lines()).as("archives written by uid 1000").isNotEmpty().containsOnly("1000");
  }
}
