package com.torrust.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sandbox hosts themselves, and the facts of the security model the drift engine is built on,
 * reproduced on real OpenSSH, UFW and Docker.
 */
@ExtendWith(SandboxHosts.class)
class SandboxHostTest {

  @Test
  void aHostAnswersOverSshWithItsPinnedKeyAndHasItsOwnUfwAndDocker(SandboxHost host) throws Exception {
    SandboxHost.Result result = host.ssh("hostname; id -u; ufw status; docker images --format '{{.Repository}}:{{.Tag}}'");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("sandbox-" + host.name(), "\n0\n", "Status: inactive", host.image());
    assertThat(host.hostKeyFingerprint()).startsWith("SHA256:");
  }

  @Test
  void hostsAreIsolatedFromTheMachineAndFromEachOther(SandboxHost a, SandboxHost b) throws Exception {
    byte[] machineUfwDefaults = Files.readAllBytes(Path.of("/etc/default/ufw"));

    a.shell("ufw default allow incoming && ufw allow 2222/tcp && ufw --force enable && touch /opt/marker");

    assertThat(a.address()).isNotEqualTo(b.address());
    assertThat(Files.readAllBytes(Path.of("/etc/default/ufw"))).isEqualTo(machineUfwDefaults);
    assertThat(Path.of("/opt/marker")).doesNotExist();
    assertThat(b.shell("ufw status")).contains("Status: inactive");
    assertThat(b.exec("test", "-e", "/opt/marker").exitCode()).isNotZero();
    assertThat(a.shell("ufw status verbose")).contains("Status: active", "allow (incoming)");
  }

  @Test
  void dockerPublishedPortsBypassUfwWhileHostListenersAreGuarded(SandboxHost host) {
    host.shell("ufw default deny incoming && ufw allow 22/tcp && ufw --force enable");
    host.shell("docker run -d --name public -p 18081:8081 " + host.image() + " httpd -f -p 8081 -h /www");
    host.shell("docker run -d --name local -p 127.0.0.1:18080:8080 " + host.image() + " httpd -f -p 8080 -h /www");
    host.shell("docker run -d --name hostnet --network host " + host.image() + " httpd -f -p 8082 -h /www");
    host.shell("for i in $(seq 50); do ss -H -tln | grep -q ':8082 ' && exit 0; sleep 0.1; done; exit 1");

    assertThat(host.tcpReachable(22)).as("SSH, allowed").isTrue();
    assertThat(host.tcpReachable(18081)).as("Docker-published port, despite UFW deny").isTrue();
    assertThat(host.tcpReachable(18080)).as("published on 127.0.0.1 only").isFalse();
    assertThat(host.tcpReachable(8082)).as("host-network listener, guarded by UFW").isFalse();

    host.shell("ufw allow 8082/tcp");
    assertThat(host.tcpReachable(8082)).as("one UFW rule away").isTrue();
  }
}
