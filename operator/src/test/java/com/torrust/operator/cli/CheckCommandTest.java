package com.torrust.operator.cli;

import static com.torrust.operator.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.cli.CommandLineTest.Run;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.render.FileRenderer;
import com.torrust.operator.sandbox.HandDeployment;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * check against real hosts: a host deployed to match the plan has no drift, and each kind of drift,
 * injected for real, is found with its kind, port, protocol and source, and nothing else.
 */
@ExtendWith(SandboxHosts.class)
class CheckCommandTest {

  private static final String TOKEN = "check-test-admin-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** The minimal example aimed at the sandbox host, deployed there by hand; returns the manifest. */
  private Path deployed(SandboxHost host) throws Exception {
    String manifest = Specs.MINIMAL
        .replace("address: 203.0.113.10", "address: " + host.address() + "\n    sshPort: " + host.sshPort() + "\n    user: root")
        + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: demo-generated}\nstringData: {api-admin-token: " + TOKEN + "}\n";
    TrackerDeployment deployment = Specs.admit(Specs.YAML.readTree(manifest.split("---")[0]));
    HandDeployment.deploy(host, new FileRenderer().render(Planner.plan("demo", deployment.getSpec()), deployment.getSpec(),
        new DeploymentSecrets(TOKEN, null, null, null, null)));
    Path file = dir.resolve("td.yaml");
    Files.writeString(file, manifest);
    return file;
  }

  private static Run check(SandboxHost host, Path manifest, String... extra) {
    List<String> args = new ArrayList<>(List.of("check", "-f", manifest.toString(), "--ssh-key", host.sshKey().toString(),
        "--host-key", host.hostKeyFingerprint(), "-o", "json"));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  private static List<Tuple> drift(Run run) throws Exception {
    assertThat(run.exitCode()).as(run.err() + run.out()).isIn(0, 1);
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.path("problems")).as("observation problems").isEmpty();
    List<Tuple> found = new ArrayList<>();
    for (JsonNode f : report.path("drift")) {
      found.add(tuple(f.path("kind").asText(), f.path("port").isMissingNode() ? null : f.path("port").asInt(),
          f.path("protocol").isMissingNode() ? null : f.path("protocol").asText(), f.path("source").asText()));
    }
    return found;
  }

  @Test
  void aHostDeployedToMatchThePlanHasNoDrift(SandboxHost host) throws Exception {
    Run run = check(host, deployed(host));

    assertThat(drift(run)).isEmpty();
    assertThat(run.exitCode()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.path("host").path("hostKeyFingerprint").asText()).isEqualTo(host.hostKeyFingerprint());
    assertThat(report.path("host").path("composeCommand").asText()).isEqualTo("docker-compose");
  }

  @Test
  void aRogueMysqlPublishedByDockerIsAPublicPort(SandboxHost host) throws Exception {
    Path manifest = deployed(host);
    host.shell("docker run -d --name rogue-db -p 3306:3306 torrust/tracker:v3.0.0");

    Run run = check(host, manifest);

    assertThat(drift(run)).containsExactly(tuple("UnexpectedPublicPort", 3306, "TCP", "rogue-db"));
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void anExtraUfwRuleIsUnexpected(SandboxHost host) throws Exception {
    Path manifest = deployed(host);
    host.shell("ufw allow 9090/tcp");

    assertThat(drift(check(host, manifest))).containsOnly(tuple("FirewallRuleUnexpected", 9090, "TCP", "ufw")).hasSize(2);
  }

  @Test
  void aDisabledFirewallIsFound(SandboxHost host) throws Exception {
    Path manifest = deployed(host);
    host.shell("ufw disable");

    assertThat(drift(check(host, manifest))).containsExactly(tuple("FirewallInactive", null, null, "ufw"));
  }

  @Test
  void aDefaultAllowPolicyIsFound(SandboxHost host) throws Exception {
    Path manifest = deployed(host);
    host.shell("ufw default allow incoming");

    assertThat(drift(check(host, manifest))).containsExactly(tuple("FirewallDefaultPolicy", null, null, "ufw"));
  }

  @Test
  void plainListenersOnIpv4Ipv6OnlyAndUdpAreFoundWithTheirProcess(SandboxHost host) throws Exception {
    Path manifest = deployed(host);
    String python = "setsid /usr/bin/python3 -c \"import socket,time; s=socket.socket(socket.%s, socket.%s); %s s.bind(('%s', %d)); %s time.sleep(1e6)\" >/dev/null 2>&1 </dev/null &";
    host.shell(String.format(python, "AF_INET", "SOCK_STREAM", "", "0.0.0.0", 8080, "s.listen();"));
    host.shell(String.format(python, "AF_INET6", "SOCK_STREAM", "s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1);", "::", 8081, "s.listen();"));
    host.shell(String.format(python, "AF_INET", "SOCK_DGRAM", "", "0.0.0.0", 5353, ""));
    host.shell("for i in $(seq 50); do [ $(ss -H -tuln | grep -cE ':(8080|8081|5353) ') -ge 3 ] && exit 0; sleep 0.1; done; exit 1");

    List<Tuple> found = drift(check(host, manifest));

    assertThat(found).extracting(t -> t.toList().subList(0, 3))
        .containsExactlyInAnyOrder(List.of("UnexpectedListener", 8080, "TCP"), List.of("UnexpectedListener", 8081, "TCP"), List.of("UnexpectedListener", 5353, "UDP"));
    assertThat(found).allSatisfy(t -> assertThat((String) t.toList().get(3)).startsWith("python3 (pid "));
  }

  @Test
  void aLoosenedDotEnvIsAPermissionsFinding(SandboxHost host) throws Exception {
    Path manifest = deployed(host);
    host.shell("chmod 644 /opt/torrust/.env");

    assertThat(drift(check(host, manifest))).containsExactly(tuple("FilePermissions", null, null, "/opt/torrust/.env"));
  }

  @Test
  void anEditedComposeFileIsChanged(SandboxHost host) throws Exception {
    Path manifest = deployed(host);
    host.shell("echo '# edited by hand' >> /opt/torrust/docker-compose.yml");

    assertThat(drift(check(host, manifest))).containsExactly(tuple("FileChanged", null, null, "/opt/torrust/docker-compose.yml"));
  }

  @Test
  void aStoppedServiceIsFoundOnce(SandboxHost host) throws Exception {
    Path manifest = deployed(host);
    host.shell("docker kill torrust_tracker_1");

    assertThat(drift(check(host, manifest))).containsExactly(tuple("ServiceNotRunning", null, null, "torrust_tracker_1"));
  }

  @Test
  void passwordLoginsInSshdAreFound(SandboxHost host) throws Exception {
    Path manifest = deployed(host);
    host.shell("sed -i 's/^PasswordAuthentication no/PasswordAuthentication yes/' /etc/ssh/sshd_config");

    assertThat(drift(check(host, manifest))).containsExactly(tuple("SshPasswordAuthEnabled", null, null, "sshd"));
  }

  @Test
  void anotherHostKeyStopsTheCheckBeforeAnythingRuns(SandboxHost host, SandboxHost other) throws Exception {
    Path manifest = deployed(host);

    Run run = run("check", "-f", manifest.toString(), "--ssh-key", host.sshKey().toString(), "--host-key", other.hostKeyFingerprint());

    assertThat(run.exitCode()).as("a host error, not invalid input").isEqualTo(3);
    assertThat(run.err()).contains("HostKeyMismatch", "nothing was run");
  }

  @Test
  void withoutAPinTheKeySeenIsPrintedForPinning(SandboxHost host) throws Exception {
    Path manifest = deployed(host);

    Run run = run("check", "-f", manifest.toString(), "--ssh-key", host.sshKey().toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("NOT pinned", host.hostKey(), "No drift");
  }
}
