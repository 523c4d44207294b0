package com.torrust.operator.cli;

import static com.torrust.operator.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.ProjectFiles;
import com.torrust.operator.cli.CommandLineTest.Run;
import com.torrust.operator.sandbox.FullStack;
import com.torrust.operator.sandbox.Pristine;
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
 * The examples on pristine hosts (scripts/pristine.sh): a fresh Debian 12 booted with systemd, nothing of
 * the deployment installed, packages from the machine's local repository and images through the registry
 * mirror only. {@code apply} installs, enables, converges; a reboot comes back converged.
 */
@ExtendWith(SandboxHosts.class)
class PristineHostTest {

  @TempDir Path dir;

  private static Run cli(SandboxHost host, Path manifest, String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of(host.cliTarget(manifest)));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  /** The findings of a check, one per line ("SEVERITY Kind: message"). */
  private static List<String> findings(Run check) {
    return check.out().lines().map(String::strip).filter(l -> l.matches("(CRITICAL|WARNING|INFO) \\w+:.*")).toList();
  }

  /**
   * Debian's sshd takes passwords unless told otherwise (a provider's user data usually does): the operator
   * reports it and does not own sshd's settings, so the test does what the finding says, as a user would.
   */
  private static void keysOnly(SandboxHost host) {
    host.shell("echo 'PasswordAuthentication no' > /etc/ssh/sshd_config.d/50-keys-only.conf && systemctl reload ssh");
  }

  @Test
  void theMinimalExampleTakesABareDebianToServingAndABootKeepsItConverged(@Pristine SandboxHost host) throws Exception {
    assertThat(host.awaitBooted()).isEqualTo("running");
    assertThat(host.exec("sh", "-c", "command -v docker || command -v ufw || dpkg -s unattended-upgrades").exitCode())
        .as("nothing of the deployment is installed").isNotZero();
    // What every fresh cloud server listens on: the DHCP client, on a public address.
    assertThat(host.shell("ss -H -ulpn")).contains("0.0.0.0:68").contains("dhclient");
    String example = Files.readString(ProjectFiles.root().resolve("examples/minimal.yaml"));
    Path manifest = dir.resolve("minimal.yaml");
    Files.writeString(manifest, host.manifest(example.substring(example.indexOf("apiVersion: tracker.torrust.com")).replace("    user: torrust\n", ""), "api-token-1"));

    Run fresh = cli(host, manifest, "check");
    assertThat(fresh.out()).as("a fresh server says what it lacks").contains("Docker not installed", "UFW not installed");
    assertThat(findings(fresh)).as("a fresh server: what is missing, nothing false\n" + fresh.out() + fresh.err())
        .anyMatch(f -> f.startsWith("CRITICAL FirewallInactive")).anyMatch(f -> f.startsWith("WARNING SecurityUpdatesOff"))
        .anyMatch(f -> f.startsWith("CRITICAL SshPasswordAuthEnabled"))
        .noneMatch(f -> f.contains("UnexpectedListener") || f.contains("UnexpectedPublicPort") || f.contains("ObservationIncomplete"));
    keysOnly(host);

    Run apply = cli(host, manifest, "apply", "--wait", "180");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out()).contains("No drift");
    assertThat(apply.out()).contains("install ufw, docker.io, unattended-upgrades, docker compose", "enable UFW", "compose up");
    assertThat(host.shell("systemctl is-enabled docker ufw unattended-upgrades").lines().toList()).containsOnly("enabled");
    assertThat(host.shell("docker image inspect -f '{{.RepoDigests}}' torrust/tracker:v3.0.0"))
        .as("pulled through the registry mirror (a registry digest)").contains("torrust/tracker@sha256:");
    assertThat(Files.readString(host.stateDir().resolve("registry.log"))).contains("GET /v2/torrust/tracker/manifests/");
    assertThat(host.tcpReachable(7070)).as("the HTTP tracker, from outside").isTrue();
    // Security updates as systemd runs them: apt's daily timer, APT reading the operator's two files, and
    // unattended-upgrades itself taking its settings (a dry run: nothing to upgrade from the local repository).
    assertThat(host.shell("systemctl is-active apt-daily-upgrade.timer").strip()).isEqualTo("active");
    assertThat(host.shell("apt-config dump | grep -E '^(APT::Periodic::Unattended-Upgrade|Unattended-Upgrade::Automatic-Reboot)'"))
        .contains("APT::Periodic::Unattended-Upgrade \"1\";", "Unattended-Upgrade::Automatic-Reboot \"true\";",
            "Unattended-Upgrade::Automatic-Reboot-Time \"02:00\";");
    SandboxHost.Result dryRun = host.exec("unattended-upgrade", "--dry-run", "--debug");
    assertThat(dryRun.exitCode()).as(dryRun.out() + dryRun.err()).isZero();
    assertThat(dryRun.out() + dryRun.err()).contains("Allowed origins are:");
    Run check = cli(host, manifest, "check");
    assertThat(check.exitCode()).as(check.out()).isZero();

    host.reboot();

    assertThat(host.shell("docker ps --format '{{.Names}} {{.State}}'")).contains("torrust_tracker_1 running");
    assertThat(host.shell("ufw status")).contains("Status: active");
    Run afterBoot = cli(host, manifest, "check");
    assertThat(afterBoot.exitCode()).as(afterBoot.out()).isZero();
    assertThat(host.tcpReachable(7070)).isTrue();
    Run again = cli(host, manifest, "apply", "--wait", "60");
    assertThat(again.out()).as("nothing to do after the reboot").contains(": 0 actions", "No drift");
  }

  @Test
  void theFullExampleRunsOnABareDebianWithEveryImagePulledThroughTheMirror(@Pristine SandboxHost host) throws Exception {
    host.awaitBooted();
    keysOnly(host);
    Path manifest = dir.resolve("full.yaml");
    Files.writeString(manifest, FullStack.manifest(host));

    Run apply = cli(host, manifest, "apply", "--wait", "180");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    // The nightly backup as cron runs it: its image comes through the mirror at its first run.
    SandboxHost.Result backup = host.exec("sh", "-c", "/opt/torrust/maintenance-backup.sh");
    assertThat(backup.exitCode()).as(backup.out() + backup.err()).isZero();
    String registryLog = Files.readString(host.stateDir().resolve("registry.log"));
    for (String repository : List.of("torrust/tracker", "library/mysql", "prom/prometheus", "torrust/tracker-backup", "grafana/grafana", "library/caddy")) {
      assertThat(registryLog).as(repository + " pulled through the mirror").contains("GET /v2/" + repository + "/manifests/");
    }
    assertThat(host.shell("docker ps --format '{{.Names}} {{.State}}'").lines().toList())
        .contains("torrust_tracker_1 running", "torrust_mysql_1 running", "torrust_prometheus_1 running");
    Run check = cli(host, manifest, "check");
    assertThat(check.exitCode()).as(check.out()).isZero();
  }
}
