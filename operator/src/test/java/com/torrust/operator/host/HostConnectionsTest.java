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

  /** Connections that count how often one is opened. */
  private static HostConnections counting(int maxConcurrent, AtomicInteger opened, java.time.Duration keepAlive) {
    return new HostConnections(maxConcurrent, t -> {
      opened.incrementAndGet();
      return SshConnection.open(t);
    }, keepAlive);
  }

  @Test
  void aKeptConnectionServesOnlyTheKeyAndTheOwnerItWasOpenedFor(SandboxHost host, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path other = dir.resolve("id_other");
    assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).start().waitFor()).isZero();
    AtomicInteger opened = new AtomicInteger();
    try (HostConnections connections = counting(4, opened, HostConnections.KEEP_ALIVE_INTERVAL)) {
      SshTarget owner = target(host).withOwner("uid-a");
      String a = connections.with(owner, c -> c.run("echo a").stdout().trim());
      assertThat(a).isEqualTo("a");

      // Same address, user and host key (all public), another private key: no kept connection for it.
      SshTarget wrongKey = new SshTarget(host.address(), host.sshPort(), host.user(), Files.readString(other),
          HostKeyPin.parse(host.hostKeyFingerprint())).withOwner("uid-a");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> connections.with(wrongKey, c -> c.run("echo b")))
          .isInstanceOfSatisfying(HostAccessException.class, e -> assertThat(e.reason()).isEqualTo(HostAccessException.Reason.AuthenticationFailed));
      // The right key for another owner: a connection of its own.
      String c = connections.with(target(host).withOwner("uid-b"), session -> session.run("echo c").stdout().trim());
      assertThat(c).isEqualTo("c");
      assertThat(opened).as("one per owner and key, the refused one included").hasValue(3);

      connections.forgetOwner("uid-a");
      assertThat(connections.openConnections()).as("only uid-b's is left").isEqualTo(1);
    }
  }

  @Test
  void manyChecksOfOneHostShareOneConnection(SandboxHost host) throws Exception {
    AtomicInteger opened = new AtomicInteger();
    try (HostConnections connections = counting(4, opened, HostConnections.KEEP_ALIVE_INTERVAL)) {
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
    try (HostConnections connections = counting(2, opened, HostConnections.KEEP_ALIVE_INTERVAL)) {
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

  @Test
  void keepAlivesAreAnsweredOnAnIdleConnectionAndOneWhoseHostStoppedAnsweringIsClosed(SandboxHost host) throws Exception {
    AtomicInteger opened = new AtomicInteger();
    try (HostConnections connections = counting(2, opened, java.time.Duration.ofMillis(300))) {
      SshTarget target = target(host);
      SshConnection first = connections.with(target, c -> c);
      waitFor(() -> first.keepAlivesAnswered() >= 3, "three keep-alives answered");
      assertThat(connections.openConnections()).isEqualTo(1);

      // Freeze the per-connection sshd processes: TCP stays up, SSH answers stop (a hung host, or a path that drops packets).
      String frozen = host.shell("for p in $(pgrep -P $(cat " + host.stateDir() + "/sshd.pid)); do echo $p; pgrep -P $p || true; done").replace('\n', ' ').trim();
      host.shell("kill -STOP " + frozen);
      try {
        waitFor(() -> connections.openConnections() == 0, "the frozen connection closed by the keep-alive round");
        assertThat(first.isOpen()).isFalse();
      } finally {
        host.shell("kill -CONT " + frozen);
      }

      String again = connections.with(target, c -> c.run("echo again").stdout().trim());
      assertThat(again).isEqualTo("again");
      assertThat(opened).hasValue(2);
    }
  }

  /** Waits for something the keep-alive thread does (bounded: a test never hangs). */
  private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.sleep(50);
    }
  }
}
