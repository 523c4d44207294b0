package com.torrust.operator.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connections kept per host, against real OpenSSH. */
@ExtendWith(SandboxHosts.class)
class HostConnectionsTest {

  private static SshTarget target(SandboxHost host) throws Exception {
    return new SshTarget(host.address(), host.sshPort(), host.user(), Files.readString(host.sshKey()), HostKeyPin.parse(host.hostKeyFingerprint()));
  }

  /** Established SSH connections the host's sshd has right now. */
  private static int sshConnectionsOn(SandboxHost host) {
    return Integer.parseInt(host.shell("ss -H -tn state established '( sport = :" + host.sshPort() + " )' | wc -l").trim());
  }

  @Test
  void manyChecksOfOneHostShareOneConnection(SandboxHost host) throws Exception {
    AtomicInteger opened = new AtomicInteger();
    try (HostConnections connections = new HostConnections(4, t -> {
      opened.incrementAndGet();
      return SshConnection.open(t);
    })) {
      SshTarget target = target(host);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        results.add(pool.submit(() -> connections.with(target, c -> c.run("echo " + n).stdout().trim())));
      }
      for (int i = 0; i < 40; i++) {
        assertThat(results.get(i).get()).isEqualTo(Integer.toString(i));
      }
      pool.shutdown();

      assertThat(opened).hasValue(1);
      assertThat(connections.openConnections()).isEqualTo(1);
      assertThat(sshConnectionsOn(host)).isEqualTo(1);
    }
    assertThat(sshConnectionsOn(host)).isZero();
  }

  @Test
  void aBrokenConnectionIsReopenedOnTheNextUse(SandboxHost host) throws Exception {
    AtomicInteger opened = new AtomicInteger();
    try (HostConnections connections = new HostConnections(2, t -> {
      opened.incrementAndGet();
      return SshConnection.open(t);
    })) {
      SshTarget target = target(host);
      connections.with(target, c -> c.run("true"));
      // Kill the per-connection sshd processes (children of the listener), as a host restart would.
      host.shell("pkill -P $(cat " + host.stateDir() + "/sshd.pid) sshd || true");
      Thread.sleep(500);

      String answer = connections.with(target, c -> c.run("echo again").stdout().trim());

      assertThat(answer).isEqualTo("again");
      assertThat(opened).hasValue(2);
    }
  }
}
