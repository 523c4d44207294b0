package com.torrust.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The change feed on a real host over SSH: each kind of change arrives through its own source (Docker's
 * event stream, inotify or the UFW files' look, nftables' monitor or the INPUT chain's look, /proc/net),
 * and closing the session takes every process the feed started on the host with it.
 */
@ExtendWith(SandboxHosts.class)
class ChangeFeedHostTest {

  @Test
  void eachKindOfChangeArrivesAndTheFeedLeavesNothingOnTheHost(SandboxHost host) throws Exception {
    // The default heartbeat: the feed ends at the SIGTERM of the close, or at the latest at its next heartbeat.
    boolean monitor = host.exec("sh", "-c", "command -v nft && iptables -V | grep -q nf_tables").exitCode() == 0;
    watch(host, ChangeFeed.script(Duration.ofMillis(500), monitor ? ChangeFeed.HEARTBEAT : Duration.ofMillis(250)));
  }

  /** A host without inotify-tools and nftables: UFW's files and the INPUT chain are looked at instead. */
  @Test
  void withoutInotifyAndNftTheFilesAndTheChainAreLookedAt(SandboxHost host) throws Exception {
    // A heartbeat of 250 ms, rounded up to one tick (0.5 s): UFW's files are read every tick, the INPUT chain every 3 s (six heartbeats).
    String script = ChangeFeed.script(Duration.ofMillis(500), Duration.ofMillis(250));
    assertThat(script).contains("if have inotifywait; then", "if have nft && ");
    watch(host, script.replace("if have inotifywait; then", "if false; then").replace("if have nft && ", "if false && "));
  }

  private static void watch(SandboxHost host, String script) throws Exception {
    host.shell("docker rm -f feed-test >/dev/null 2>&1; iptables -D INPUT -p tcp --dport 3456 -j ACCEPT 2>/dev/null; ufw delete allow 2345/tcp >/dev/null; true");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    SshTarget target = new SshTarget(host.address(), host.sshPort(), host.user(), Files.readString(host.sshKey()),
        HostKeyPin.parse(host.hostKeyFingerprint()));
    try (SshConnection connection = SshConnection.open(target)) {
      SshConnection.Stream stream = connection.stream(script, lines::add, () -> lines.add("<end>"));
      assertThat(lines.poll(15, TimeUnit.SECONDS)).as("ready").isEqualTo(".");

      // The feed's processes on the host: its bash (the interval and heartbeat as arguments; the oldest, its subshells share them) and what it started.
      String main = host.shell("pgrep -o -f '^bash -s 0.500 [0-9]+ [0-9]+ [0-9]+$'").strip();
      assertThat(main).as("one feed program").matches("\\d+");
      List<Long> started = descendants(host, Long.parseLong(main));
      String commands = host.shell("ps -o args= -p " + String.join(",", started.stream().map(String::valueOf).toList()));
      assertThat(commands).as("Docker's event stream is a source").contains("docker events --filter type=container");
      boolean inotify = script.contains("if have inotifywait") && host.exec("sh", "-c", "command -v inotifywait").exitCode() == 0;
      boolean monitor = script.contains("if have nft") && host.exec("sh", "-c", "command -v nft && iptables -V | grep -q nf_tables").exitCode() == 0;
      if (inotify) {
        assertThat(commands).contains("inotifywait -m");
      } else {
        assertThat(commands).doesNotContain("inotifywait");
      }
      if (monitor) {
        assertThat(commands).contains("nft monitor");
      } else {
        assertThat(commands).doesNotContain("nft monitor");
      }

      host.shell("docker run -d --name feed-test " + host.image() + " sleep 100000 >/dev/null");
      assertThat(awaitChange(lines)).as("a container started").contains("docker");
      drain(lines);

      host.shell("ufw allow 2345/tcp >/dev/null");
      assertThat(awaitChange(lines)).as("UFW's rules changed (" + (inotify ? "inotify" : "the files' look") + ")").containsAnyOf("ufw", "firewall");
      drain(lines);

      host.shell("iptables -I INPUT -p tcp --dport 3456 -j ACCEPT");
      assertThat(awaitChange(lines)).as("the INPUT chain changed (" + (monitor ? "nft monitor" : "its look at a heartbeat") + ")").contains("firewall");
      drain(lines);

      host.shell("busybox nc -l -p 4567 </dev/null >/dev/null 2>&1 & echo $! > /tmp/feed-test-nc");
      assertThat(awaitChange(lines)).as("a host process listens").isEqualTo("! sockets");
      drain(lines);

      host.shell("docker rm -f feed-test >/dev/null; kill $(cat /tmp/feed-test-nc); iptables -D INPUT -p tcp --dport 3456 -j ACCEPT; ufw delete allow 2345/tcp >/dev/null");
      long closing = System.nanoTime();
      stream.close();
      assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("closing does not wait for the host").isLessThan(Duration.ofSeconds(2));
      for (long pid : started) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::onExit).orElse(java.util.concurrent.CompletableFuture.completedFuture(null)))
            .as("feed process %d ended with its session (SIGTERM, or at the latest the next heartbeat)", pid)
            .succeedsWithin(ChangeFeed.HEARTBEAT.plusSeconds(5));
      }
    }
  }

  /** The pid and every descendant of it, from ps (the host shares this machine's pid namespace). */
  private static List<Long> descendants(SandboxHost host, long root) {
    List<Long> all = new ArrayList<>(List.of(root));
    for (int i = 0; i < all.size(); i++) {
      for (String pid : host.shell("pgrep -P " + all.get(i) + " || true").split("\\s+")) {
        if (!pid.isBlank()) {
          all.add(Long.parseLong(pid));
        }
      }
    }
    return all;
  }

  private static String awaitChange(BlockingQueue<String> lines) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && (line.startsWith("!") || line.equals("<end>"))) {
        return line;
      }
    }
    return null;
  }

  /** Lets the rest of a burst (a second source, the relay's late words) pass before the next change. */
  private static void drain(BlockingQueue<String> lines) throws InterruptedException {
    Thread.sleep(2000);
    lines.clear();
  }
}
