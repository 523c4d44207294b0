package com.torrust.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.torrust.operator.api.Protocol;
import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One round trip against a real host: everything the drift engine needs, read correctly. */
@ExtendWith(SandboxHosts.class)
class HostObserverTest {

  @Test
  void readsFirewallSocketsContainersFilesSshdAndVersionsInOneCommand(SandboxHost host) throws Exception {
    host.shell("ufw default deny incoming && ufw allow proto udp from any to any port 6969 comment 'torrust udp-tracker'"
        + " && ufw allow 22/tcp && ufw allow proto tcp from 198.51.100.0/24 to any port 2222 && ufw --force enable");
    host.shell("docker run -d --name pub -l com.docker.compose.project=torrust -l com.docker.compose.service=tracker"
        + " -p 6969:6969/udp -p 127.0.0.1:9090:9090 " + host.image() + " sleep 100000");
    host.shell("docker run -d --name stopped " + host.image() + " sleep 1 && sleep 2");
    host.shell("mkdir -p /opt/torrust/etc && chmod 750 /opt/torrust/etc && printf 'x' > /opt/torrust/.env && chmod 600 /opt/torrust/.env"
        + " && : > /opt/torrust/empty && ln -s .env /opt/torrust/link && mkfifo /opt/torrust/fifo");
    List<String> files = List.of("/opt/torrust/.env", "/opt/torrust/docker-compose.yml", "/opt/torrust/etc", "/opt/torrust/empty",
        "/opt/torrust/link", "/opt/torrust/fifo");

    Observation observation;
    try (SshConnection connection = SshConnection.open(new SshTarget(host.address(), host.sshPort(), host.user(),
        Files.readString(host.sshKey()), HostKeyPin.parse(host.hostKeyFingerprint())))) {
      observation = HostObserver.observe(connection, files);
    }

    assertThat(observation.problems()).isEmpty();
    assertThat(observation.facts().os()).contains("Debian");
    // Versions read from the package database are the ones the tools print themselves.
    assertThat(observation.facts().dockerVersion()).isEqualTo(host.shell("docker version --format '{{.Server.Version}}'").strip());
    assertThat(observation.facts().composeCommand()).isEqualTo("docker-compose");
    assertThat(observation.facts().composeVersion()).isEqualTo(host.shell("docker-compose version --short").strip());
    assertThat("ufw " + observation.facts().ufwVersion()).isEqualTo(host.shell("ufw version").lines().findFirst().orElseThrow());
    assertThat(observation.installedPackages()).contains("ufw", "docker.io", "docker-compose");
    assertThat(observation.firewall().active()).isTrue();
    assertThat(observation.firewall().incoming()).isEqualTo("deny");
    assertThat(observation.firewall().outgoing()).isEqualTo("allow");
    assertThat(observation.firewall().rules())
        .extracting(ObservedRule::protocol, ObservedRule::port, ObservedRule::from, ObservedRule::to, ObservedRule::comment)
        .containsExactlyInAnyOrder(
            tuple(Protocol.UDP, 6969, "0.0.0.0/0", "0.0.0.0/0", "torrust udp-tracker"),
            tuple(Protocol.UDP, 6969, "::/0", "::/0", "torrust udp-tracker"),
            tuple(Protocol.TCP, 22, "0.0.0.0/0", "0.0.0.0/0", null),
            tuple(Protocol.TCP, 22, "::/0", "::/0", null),
            tuple(Protocol.TCP, 2222, "198.51.100.0/24", "0.0.0.0/0", null));
    // Nothing here needs its owner named (ListenerOwners): sshd's port is sshd's, the published ports
    // are the container's, so the check stays one command and `ss -p` never runs.
    assertThat(observation.sockets())
        .extracting(ListeningSocket::protocol, ListeningSocket::address, ListeningSocket::port, ListeningSocket::process, ListeningSocket::pid)
        .contains(
            tuple(Protocol.TCP, "0.0.0.0", 22, "sshd", null),
            tuple(Protocol.UDP, "0.0.0.0", 6969, null, null),
            tuple(Protocol.TCP, "127.0.0.1", 9090, null, null));
    ContainerInfo pub = observation.containers().stream().filter(c -> c.name().equals("pub")).findFirst().orElseThrow();
    assertThat(pub.running()).isTrue();
    assertThat(pub.composeProject()).isEqualTo("torrust");
    assertThat(pub.composeService()).isEqualTo("tracker");
    assertThat(pub.ports()).contains(new PublishedPort("0.0.0.0", 6969, 6969, Protocol.UDP), new PublishedPort("127.0.0.1", 9090, 9090, Protocol.TCP));
    assertThat(observation.containers()).anySatisfy(c -> {
      assertThat(c.name()).isEqualTo("stopped");
      assertThat(c.state()).isEqualTo("exited");
    });
    assertThat(observation.files().get("/opt/torrust/.env"))
        .isEqualTo(new ObservedFile("/opt/torrust/.env", true, 0600, 0, 0, "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"));
    assertThat(observation.files().get("/opt/torrust/docker-compose.yml").exists()).isFalse();
    assertThat(observation.files().get("/opt/torrust/etc")).isEqualTo(new ObservedFile("/opt/torrust/etc", true, 0750, 0, 0, ObservedFile.DIRECTORY));
    assertThat(observation.files().get("/opt/torrust/empty").sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // Neither is a file the operator wrote: no hash, so never equal to a planned one (and a FIFO is not read).
    assertThat(observation.files().get("/opt/torrust/link")).extracting(ObservedFile::exists, ObservedFile::mode, ObservedFile::sha256)
        .containsExactly(true, 0777, null);
    assertThat(observation.files().get("/opt/torrust/fifo")).extracting(ObservedFile::exists, ObservedFile::sha256).containsExactly(true, null);
    assertThat(observation.sshd().ports()).containsExactly(22);
    assertThat(observation.sshd().passwordAuthentication()).isEqualTo("no");
    assertThat(observation.sshd().permitRootLogin()).isIn("prohibit-password", "without-password");
  }

  @Test
  void aListenerThatMayBeReportedHasEverySocketsOwnerNamed(SandboxHost host) throws Exception {
    host.shell("docker run -d --name pub -p 6969:6969/udp " + host.image() + " sleep 100000");
    host.shell("setsid /usr/bin/python3 -c \"import socket,time; s=socket.socket(); s.bind(('127.0.0.1', 8081)); s.listen(); time.sleep(1e6)\""
        + " >/dev/null 2>&1 </dev/null &");
    host.shell("for i in $(seq 50); do ss -H -tln | grep -q ':8081 ' && exit 0; sleep 0.1; done; exit 1");
    SshTarget target = new SshTarget(host.address(), host.sshPort(), host.user(), Files.readString(host.sshKey()), HostKeyPin.parse(host.hostKeyFingerprint()));

    // Loopback only: nothing to report by owner, nothing named.
    Observation loopbackOnly;
    try (SshConnection connection = SshConnection.open(target)) {
      loopbackOnly = HostObserver.observe(connection, List.of());
    }
    assertThat(loopbackOnly.sockets()).filteredOn(s -> s.port() == 8081).extracting(ListeningSocket::process).containsExactly((String) null);

    // On every address: its owner has to be named, and then every socket carries what `ss -p` says.
    host.shell("setsid /usr/bin/python3 -c \"import socket,time; s=socket.socket(); s.bind(('0.0.0.0', 8080)); s.listen(); time.sleep(1e6)\""
        + " >/dev/null 2>&1 </dev/null &");
    host.shell("for i in $(seq 50); do ss -H -tln | grep -q ':8080 ' && exit 0; sleep 0.1; done; exit 1");
    Observation observation;
    try (SshConnection connection = SshConnection.open(target)) {
      observation = HostObserver.observe(connection, List.of());
    }

    assertThat(observation.problems()).isEmpty();
    assertThat(observation.sockets())
        .extracting(ListeningSocket::protocol, ListeningSocket::address, ListeningSocket::port, ListeningSocket::process)
        .contains(
            tuple(Protocol.TCP, "0.0.0.0", 8080, "python3"),
            tuple(Protocol.TCP, "127.0.0.1", 8081, "python3"),
            tuple(Protocol.TCP, "0.0.0.0", 22, "sshd"),
            tuple(Protocol.UDP, "0.0.0.0", 6969, "docker-proxy"));
    assertThat(observation.sockets()).allSatisfy(s -> assertThat(s.pid()).isNotNull());
  }

  /**
   * The check reads UFW's state without running `ufw status` (its Python is half of the check's CPU):
   * through UFW's life on a real host, what it reads must be what `ufw status verbose` says.
   */
  @Test
  void firewallStateAgreesWithUfwStatusVerbose(SandboxHost host) throws Exception {
    List<String> steps = List.of(
        "true", // fresh: inactive, Debian's configured defaults
        "ufw allow 22/tcp && ufw --force enable",
        "ufw default reject incoming && ufw default deny outgoing && ufw logging medium",
        "ufw logging off && ufw default allow incoming",
        "ufw disable",
        "ufw default deny incoming && ufw default allow outgoing && ufw logging low && ufw --force enable",
        "sed 's/^IPV6=.*/IPV6=no/' /etc/default/ufw > /tmp/ufw-defaults && cat /tmp/ufw-defaults > /etc/default/ufw && ufw reload", // in place: a bind-mounted file on sandbox hosts
        "ufw --force reset");
    try (SshConnection connection = SshConnection.open(new SshTarget(host.address(), host.sshPort(), host.user(),
        Files.readString(host.sshKey()), HostKeyPin.parse(host.hostKeyFingerprint())))) {
      for (String step : steps) {
        host.shell(step);
        String status = host.shell("ufw status verbose");
        FirewallState observed = HostObserver.observe(connection, List.of()).firewall();

        boolean active = status.contains("Status: active");
        assertThat(observed.active()).as("active after %s\n%s", step, status).isEqualTo(active);
        if (active) {
          // Inactive UFW prints no policies; the files it would apply are compared in the parser's tests.
          assertThat("Default: " + observed.incoming() + " (incoming), " + observed.outgoing() + " (outgoing)")
              .as("policies after %s", step).isSubstringOf(status);
          assertThat("Logging: " + observed.logging()).as("logging after %s", step).isSubstringOf(status);
        }
      }
    }
  }

  /**
   * On a host whose tools dpkg did not install, the check asks the tools themselves: here the package
   * database is hidden (bind mounts in the host's private mount namespace) and Compose v2 is a
   * plugin in root's ~/.docker, asked through the real docker CLI.
   */
  @Test
  void toolsThePackageDatabaseDoesNotKnowAreAskedThemselves(SandboxHost host) throws Exception {
    host.shell("mkdir -p /run/no-dpkg/info && : > /run/no-dpkg/status"
        + " && mount --bind /run/no-dpkg/info /var/lib/dpkg/info && mount --bind /run/no-dpkg/status /var/lib/dpkg/status");
    // A Docker CLI plugin answers the metadata call, then gets its own name and the arguments.
    java.nio.file.Path plugin = Files.createTempFile(java.nio.file.Path.of("/var/tmp"), "compose-plugin", ".sh");
    Files.writeString(plugin, """
        #!/bin/sh
        case "$1 $2" in
          "docker-cli-plugin-metadata "*) echo '{"SchemaVersion":"0.1.0","Vendor":"test","Version":"2.99.0"}' ;;
          "compose version") echo 2.99.0 ;;
        esac
        """);
    try {
      host.shell("install -D -m 755 " + plugin + " /root/.docker/cli-plugins/docker-compose");
    } finally {
      Files.delete(plugin);
    }
    assertThat(host.shell("docker compose version --short").strip()).as("the stand-in plugin answers the docker CLI").isEqualTo("2.99.0");

    Observation observation;
    try (SshConnection connection = SshConnection.open(new SshTarget(host.address(), host.sshPort(), host.user(),
        Files.readString(host.sshKey()), HostKeyPin.parse(host.hostKeyFingerprint())))) {
      observation = HostObserver.observe(connection, List.of());
    }

    assertThat(observation.installedPackages()).isEmpty();
    assertThat(observation.facts().dockerVersion()).isEqualTo(host.shell("docker version --format '{{.Server.Version}}'").strip());
    assertThat(observation.facts().composeCommand()).isEqualTo("docker compose");
    assertThat(observation.facts().composeVersion()).isEqualTo("2.99.0");
    assertThat("ufw " + observation.facts().ufwVersion()).isEqualTo(host.shell("ufw version").lines().findFirst().orElseThrow());
  }
}
