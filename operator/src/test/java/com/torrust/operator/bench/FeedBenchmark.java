package com.torrust.operator.bench;

import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.observe.ChangeFeed;
import com.torrust.operator.sandbox.SandboxHost;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a change feed costs a host at rest, and how soon it tells of a change: the polling loop (every
 * 2 s, the feed before events) against the event program (sockets read every 5 s, the default, and
 * every 1 s). N feeds run on one sandbox host, each on its own SSH connection as the operator keeps
 * them; the hosts' side is this machine's CPU minus this process's, less the same window without feeds.
 * Latency: from the start of the command that changes the host to the feed's line (the command's own time
 * included: `docker run` returns after the container started). Run by
 * scripts/bench.sh --only feeds.
 */
public final class FeedBenchmark {

  private record Mode(String name, String script) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Duration window = Duration.ofSeconds(30);
    System.out.println("Change feed benchmark " + java.time.LocalDateTime.now().withNano(0) + " on " + ComparisonBenchmark.machine());
    System.out.println("host tools: inotifywait " + (have("inotifywait") ? "yes" : "no") + ", nft " + (have("nft") ? "yes" : "no") + "\n");
    SandboxHost host = ComparisonBenchmark.up("feb" + ProcessHandle.current().pid() % 10000);
    try {
      SshTarget target = new SshTarget(host.address(), host.sshPort(), host.user(), Files.readString(host.sshKey()),
          HostKeyPin.parse(host.hostKeyFingerprint()));
      host.shell("docker run -d --name steady -p 7070:7070 " + host.image() + " sleep 100000 >/dev/null");
      List<Mode> modes = List.of(
          new Mode("polling, every 2 s (before)", ChangeFeed.pollingScript(Duration.ofSeconds(2))),
          new Mode("events, sockets every 5 s (default)", ChangeFeed.script(Duration.ofSeconds(5))),
          new Mode("events, sockets every 1 s", ChangeFeed.script(Duration.ofSeconds(1))));
      // The baseline holds the same N connections open (their keep-alives cost sshd too): only the feeds differ.
      List<SshConnection> connections = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          connections.add(SshConnection.open(target));
        }
        Thread.sleep(3000);
        double idle = restCpu(window);
        System.out.println(String.format(Locale.ROOT, "1. At rest: %d feeds on one host, each on its own connection, %d s window"
            + " (the machine with the %d connections and no feeds: %.1f ms/s)", n, window.toSeconds(), n, idle * 1000));
        for (Mode mode : modes) {
          List<SshConnection.Stream> streams = new ArrayList<>();
          for (SshConnection connection : connections) {
            streams.add(connection.stream(mode.script(), line -> {}, () -> {}));
          }
          Thread.sleep(5000);
          double busy = restCpu(window);
          System.out.println(String.format(Locale.ROOT, "   %-40s host CPU per feed %6.2f ms/s", mode.name(), (busy - idle) * 1000 / n));
          streams.forEach(SshConnection.Stream::close);
          Thread.sleep(5000); // the closed feeds end (SIGTERM) and the host settles
        }
      } finally {
        connections.forEach(SshConnection::close);
      }
      System.out.println("\n2. Change to the feed's line, " + rounds + " rounds each");
      for (Mode mode : modes) {
        System.out.println("   " + mode.name());
        try (SshConnection connection = SshConnection.open(target)) {
          BlockingQueue<String> lines = new LinkedBlockingQueue<>();
          ChangeFeed.Detector detector = new ChangeFeed.Detector();
          connection.stream(mode.script(), line -> {
            if (detector.changed(line)) {
              lines.add(line);
            }
          }, () -> {});
          Thread.sleep(3000);
          time(host, lines, rounds, "container with a public port started", "docker run -d --name rogue -p 9999:9999 " + host.image() + " sleep 100000 >/dev/null",
              "docker rm -f rogue >/dev/null");
          time(host, lines, rounds, "host process listening", "busybox nc -l -p 4567 </dev/null >/dev/null 2>&1 & echo $! > /tmp/bench-nc",
              "kill $(cat /tmp/bench-nc)");
          time(host, lines, rounds, "UFW rule added", "ufw allow 2345/tcp >/dev/null", "ufw delete allow 2345/tcp >/dev/null");
        }
      }
    } finally {
      ComparisonBenchmark.down(host);
    }
  }

  private static void time(SandboxHost host, BlockingQueue<String> lines, int rounds, String what, String change, String undo) throws Exception {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      lines.clear();
      long start = System.nanoTime(); // the change command's own time is in the figure (docker run returns after the start)
      host.shell(change);
      String line = lines.poll(30, TimeUnit.SECONDS);
      if (line == null) {
        System.out.println("   " + what + ": no line within 30 s");
        host.shell(undo);
        return;
      }
      millis.add((System.nanoTime() - start) / 1e6);
      host.shell(undo);
      Thread.sleep(6000); // the undo's own lines pass
    }
    ComparisonBenchmark.print("  " + what, millis);
  }

  /** CPU seconds per second of everything on this machine but this process, over the window. */
  private static double restCpu(Duration window) throws Exception {
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double machine0 = machineCpuSeconds();
    long own0 = os.getProcessCpuTime();
    long start = System.nanoTime();
    Thread.sleep(window.toMillis());
    double seconds = (System.nanoTime() - start) / 1e9;
    double own = (os.getProcessCpuTime() - own0) / 1e9;
    return (machineCpuSeconds() - machine0 - own) / seconds;
  }

  private static double machineCpuSeconds() throws java.io.IOException {
    String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    return (Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]) + Long.parseLong(cpu[6]) + Long.parseLong(cpu[7])) / 100.0;
  }

  private static boolean have(String tool) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
