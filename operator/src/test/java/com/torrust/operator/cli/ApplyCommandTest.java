package com.torrust.operator.cli;

import static com.torrust.operator.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.Specs;
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

/** apply against fresh real hosts (UFW inactive, Docker running, nothing deployed). */
@ExtendWith(SandboxHosts.class)
class ApplyCommandTest {

  @TempDir Path dir;

  /** The minimal example aimed at the host; {@code firewall} is an extra spec section or "". */
  private Path manifest(SandboxHost host, String token, String firewall) throws Exception {
    if (host.exec("sh", "-c", "docker image inspect torrust/tracker:v3.0.0 >/dev/null 2>&1").exitCode() != 0) {
      // A stand-in that answers on the tracker's TCP ports, so "reachable from outside" means something.
      host.image("torrust/tracker:v3.0.0", SandboxHost.BUSYBOX_TRACKER);
    }
    String manifest = host.manifest(Specs.MINIMAL + firewall, token);
    Path file = dir.resolve("td-" + token + ".yaml");
    Files.writeString(file, manifest);
    return file;
  }

  private static Run apply(SandboxHost host, Path manifest, String... extra) {
    List<String> args = new ArrayList<>(List.of("apply", "-f", manifest.toString(), "--ssh-key", host.sshKey().toString(),
        "--host-key", host.hostKeyFingerprint(), "--wait", "30"));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  private static Run check(SandboxHost host, Path manifest) {
    return run("check", "-f", manifest.toString(), "--ssh-key", host.sshKey().toString(), "--host-key", host.hostKeyFingerprint());
  }

  @Test
  void theMinimalExampleAsWrittenAppliesThenChecksKeepingTheTokenItGenerated(SandboxHost host) throws Exception {
    manifest(host, "unused", ""); // the tracker stand-in
    String example = Files.readString(com.torrust.operator.ProjectFiles.root().resolve("examples/minimal.yaml"));
    Path file = dir.resolve("minimal.yaml");
    Files.writeString(file, example.substring(example.indexOf("apiVersion: tracker.torrust.com"))
        .replace("address: 203.0.113.10", "address: " + host.address() + "\n    sshPort: " + host.sshPort())
        .replace("user: torrust", "user: root")); // a key given twice is refused: the example's user is replaced
    Path state = dir.resolve("state");

    Run apply = apply(host, file, "--state-dir", state.toString());

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    Path kept = state.resolve(host.address()).resolve("demo-generated").resolve("api-admin-token");
    assertThat(apply.out()).contains("Generated Secret demo-generated key api-admin-token; kept in " + kept.getParent());
    assertThat(java.nio.file.Files.getPosixFilePermissions(kept)).containsExactlyInAnyOrder(
        java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(host.shell("cat /opt/torrust/storage/tracker/etc/tracker.toml")).contains(Files.readString(kept));

    Run check = run("check", "-f", file.toString(), "--ssh-key", host.sshKey().toString(), "--host-key", host.hostKeyFingerprint(),
        "--state-dir", state.toString());
    assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
    Run again = apply(host, file, "--state-dir", state.toString());
    assertThat(again.out()).as("the kept token is used, not a new one").doesNotContain("Generated");

    Run elsewhere = run("check", "-f", file.toString(), "--ssh-key", host.sshKey().toString(), "--host-key", host.hostKeyFingerprint(),
        "--state-dir", dir.resolve("empty").toString());
    assertThat(elsewhere.exitCode()).isEqualTo(2);
    assertThat(elsewhere.err()).contains("Secret demo-generated key api-admin-token", "that `apply` generated are kept in");
  }

  @Test
  void aFreshHostConvergesToNoDriftWithExactlyThePlannedFirewall(SandboxHost host) throws Exception {
    Path manifest = manifest(host, "token-1", "");

    Run apply = apply(host, manifest);

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out()).contains("Firewall", "Files", "Services", "all services up", "No drift");
    assertThat(check(host, manifest).exitCode()).isZero();
    String ufw = host.shell("ufw status verbose");
    assertThat(ufw).contains("Status: active", "deny (incoming)", "allow (outgoing)");
    List<String> rules = host.shell("ufw status numbered").lines().filter(l -> l.startsWith("[")).map(l -> l.replaceAll("\\s+", " ")).toList();
    assertThat(rules).hasSize(8).allSatisfy(r -> assertThat(r).containsAnyOf("22/tcp", "6969/udp", "7070/tcp", "1212/tcp"));
    assertThat(host.tcpReachable(7070)).as("public HTTP tracker from outside").isTrue();
    assertThat(host.tcpReachable(1212)).as("public API from outside").isTrue();
    assertThat(host.tcpReachable(1313)).as("health-check API is never published").isFalse();
  }

  @Test
  void inactiveUfwIsTrustedForItsConfiguredPoliciesOnlyWhenTheyAreRight(SandboxHost host) throws Exception {
    // Stock configuration (deny in, allow out, log low): enabling applies it, so it is not set again.
    Run stock = apply(host, manifest(host, "token-1", ""), "--dry-run");
    assertThat(stock.out()).contains("enable UFW").doesNotContain("default deny incoming", "default allow outgoing", "logging low");

    // Inactive but configured to accept everything: enabling alone would open every host port.
    // (Rewritten in place: these are bind mounts in a sandbox host, which sed -i cannot rename over.)
    host.shell("c=$(sed 's/^DEFAULT_INPUT_POLICY=.*/DEFAULT_INPUT_POLICY=\"ACCEPT\"/' /etc/default/ufw) && printf '%s\\n' \"$c\" >/etc/default/ufw"
        + " && c=$(sed 's/^LOGLEVEL=.*/LOGLEVEL=off/' /etc/ufw/ufw.conf) && printf '%s\\n' \"$c\" >/etc/ufw/ufw.conf");
    Path manifest = manifest(host, "token-2", "");
    assertThat(apply(host, manifest, "--dry-run").out()).contains("default deny incoming", "logging low", "enable UFW");
    Run apply = apply(host, manifest);

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(host.shell("ufw status verbose")).contains("Status: active", "Logging: on (low)", "deny (incoming)");
  }

  @Test
  void theFullExampleConvergesAndOnlyItsPublicPortsAnswerFromOutside(SandboxHost host) throws Exception {
    FullStack.images(host);
    String full = FullStack.manifest(host);
    Path manifest = dir.resolve("full.yaml");
    Files.writeString(manifest, full);

    Run apply = apply(host, manifest);

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out()).contains("all services up", "No drift");
    assertThat(host.tcpReachable(80)).as("Caddy, public").isTrue();
    assertThat(host.tcpReachable(9090)).as("Prometheus, bound to 127.0.0.1").isFalse();
    assertThat(host.tcpReachable(3306)).as("MySQL, on its internal network only").isFalse();
    assertThat(host.tcpReachable(3000)).as("Grafana, behind the TLS proxy").isFalse();
    assertThat(host.tcpReachable(7070)).as("HTTP tracker, behind the TLS proxy").isFalse();
    assertThat(host.tcpReachable(1313)).as("health-check API").isFalse();
    assertThat(host.shell("wget -q -O - http://127.0.0.1:9090/-/healthy")).as("Prometheus answers on the host itself").contains("Healthy");
    assertThat(host.shell("cat /etc/cron.d/tracker-backup")).contains("0 3 * * * root /opt/torrust/maintenance-backup.sh");
  }

  @Test
  void aContainerThatSwapsItsDirectoryForALinkCannotMakeRootActOnTheTarget(SandboxHost host) throws Exception {
    host.standin("tracker", "torrust/tracker:v3.0.0", "v3.0.0");
    Path manifest = manifest(host, "token-1", "");
    assertThat(apply(host, manifest).exitCode()).isZero();
    // A compromised tracker (uid 1000, its data directory is writable) points a planned directory at a root-only one.
    host.shell("mkdir -m 0700 /root/victim && docker exec -u 1000 torrust_tracker_1 sh -c"
        + " 'rm -rf /var/lib/torrust/tracker/database && ln -s /root/victim /var/lib/torrust/tracker/database'");

    Run apply = apply(host, manifest);
    Run check = check(host, manifest);

    assertThat(host.shell("stat -c '%a %u:%g' /root/victim")).as("the link's target is untouched").isEqualTo("700 0:0\n");
    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.err()).contains("/opt/torrust/storage/tracker/lib/database is not a directory", "never acts through it");
    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.out()).contains("/opt/torrust/storage/tracker/lib/database is not a directory");
  }

  @Test
  void applyingAgainRunsNoAction(SandboxHost host) throws Exception {
    Path manifest = manifest(host, "token-1", "");
    // For programs: the result as one JSON document on standard output, the progress on standard error.
    Run first = apply(host, manifest, "-o", "json");
    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(first.out());
    assertThat(report.get("deployment").asText()).isEqualTo("demo");
    assertThat(report.get("dryRun").asBoolean()).isFalse();
    assertThat(report.get("actions").toString()).contains("Firewall: allow TCP 22 from any", "Services: compose up");
    assertThat(report.get("drift").size()).isZero();
    assertThat(report.get("images").get(0).get("service").asText()).isEqualTo("tracker");
    assertThat(first.err()).contains("Applying TrackerDeployment demo", "Done in");

    Run again = apply(host, manifest);
    Run dryRun = apply(host, manifest, "--dry-run");
    Run dryRunJson = apply(host, manifest, "--dry-run", "-o", "json");

    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains(": 0 actions").doesNotContain("Firewall ", "Files ", "Services ");
    assertThat(dryRun.exitCode()).isZero();
    assertThat(dryRun.out()).contains("Nothing to do");
    assertThat(dryRunJson.exitCode()).isZero();
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(dryRunJson.out()).get("actions").size()).isZero();
  }

  @Test
  void aDryRunListsTheActionsAndChangesNothing(SandboxHost host) throws Exception {
    Path manifest = manifest(host, "token-1", "");

    Run dryRun = apply(host, manifest, "--dry-run");

    assertThat(dryRun.exitCode()).isEqualTo(1);
    assertThat(dryRun.out()).contains("would run", "Firewall: allow TCP 22 from any", "Files: write /opt/torrust/docker-compose.yml",
        "Services: compose up").doesNotContain("token-1");
    assertThat(host.shell("ufw status")).contains("inactive");
    assertThat(host.exec("test", "-e", "/opt/torrust/docker-compose.yml").exitCode()).isNotZero();
  }

  @Test
  void driftInWhatTheOperatorOwnsIsRepairedByOneApply(SandboxHost host) throws Exception {
    Path manifest = manifest(host, "token-1", "");
    assertThat(apply(host, manifest).exitCode()).isZero();
    host.shell("ufw allow 9090/tcp && ufw default allow incoming && chmod 644 /opt/torrust/.env"
        + " && echo '# edited' >> /opt/torrust/docker-compose.yml && docker kill torrust_tracker_1"
        + " && echo 'APT::Periodic::Unattended-Upgrade \"0\";' > /etc/apt/apt.conf.d/20auto-upgrades"
        + " && ufw delete allow proto tcp from any to any port 7070 && ufw disable");
    assertThat(check(host, manifest).exitCode()).isEqualTo(1);

    Run repair = apply(host, manifest);

    assertThat(repair.exitCode()).as(repair.out() + repair.err()).isZero();
    assertThat(check(host, manifest).exitCode()).isZero();
  }

  @Test
  void anAddedPortConvergesWithOnlyTheActionsItNeeds(SandboxHost host) throws Exception {
    assertThat(apply(host, manifest(host, "token-1", "")).exitCode()).isZero();
    Path withPort = dir.resolve("with-port.yaml");
    Files.writeString(withPort, Files.readString(manifest(host, "token-1", "")).replace("udpTrackers: [{port: 6969}]", "udpTrackers: [{port: 6969}, {port: 6970}]"));

    Run change = apply(host, withPort);

    assertThat(change.exitCode()).as(change.out() + change.err()).isZero();
    assertThat(change.out()).contains("allow UDP 6970 from any", "write /opt/torrust/docker-compose.yml", "write /opt/torrust/storage/tracker/etc/tracker.toml",
        "compose up (compose file changed)").doesNotContain("default deny", "enable UFW", "write /opt/torrust/.env");
    assertThat(run("check", "-f", withPort.toString(), "--ssh-key", host.sshKey().toString(), "--host-key", host.hostKeyFingerprint()).exitCode()).isZero();
  }

  @Test
  void containersItDoesNotOwnAreLeftAloneAndStayReported(SandboxHost host) throws Exception {
    Path manifest = manifest(host, "token-1", "");
    host.shell("docker run -d --name rogue-db -p 3306:3306 " + host.image() + " sleep 100000");

    Run apply = apply(host, manifest);

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.out()).contains("UnexpectedPublicPort", "rogue-db");
    assertThat(host.shell("docker ps --format '{{.Names}}'")).contains("rogue-db");
  }

  @Test
  void itNeverEnablesAFirewallThatWouldCutItsOwnConnection(SandboxHost host) throws Exception {
    Path manifest = manifest(host, "token-1", "  firewall:\n    sshAllowFrom: [198.51.100.0/24]\n");

    Run apply = apply(host, manifest);

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.err()).contains("would lock the operator out", "add 10.201.");
    assertThat(host.shell("ufw status")).contains("inactive");
    assertThat(check(host, manifest).err()).as("still reachable over SSH").doesNotContain("HostUnreachable");
  }

  @Test
  void aRotatedSecretRewritesItsFileAndRestartsOnlyItsService(SandboxHost host) throws Exception {
    assertThat(apply(host, manifest(host, "token-1", "")).exitCode()).isZero();
    String startedBefore = host.shell("docker inspect -f '{{.State.StartedAt}}' torrust_tracker_1");

    Run rotate = apply(host, manifest(host, "token-2", ""));

    assertThat(rotate.exitCode()).as(rotate.out() + rotate.err()).isZero();
    assertThat(rotate.out()).contains("Files      1 action ", "write /opt/torrust/storage/tracker/etc/tracker.toml", "restart tracker")
        .doesNotContain("compose up", "Firewall");
    assertThat(host.shell("cat /opt/torrust/storage/tracker/etc/tracker.toml")).contains("admin = \"token-2\"");
    assertThat(host.shell("docker inspect -f '{{.State.StartedAt}}' torrust_tracker_1")).isNotEqualTo(startedBefore);
  }
}
