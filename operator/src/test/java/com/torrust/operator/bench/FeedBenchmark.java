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
 * 2 s, the feed before events) against the event program (the socket tables read every 5 s and nothing
 * between, as before the socket counts; the counts every 0.75 s with the tables every 30 s, the default,
 * and every 5 s; and the floor: a loop that only wakes as often as the counts are read). N feeds run on one sandbox host, each on its own SSH connection as the operator keeps
 * them. The host's side is read two ways, less the same window with the connections and no feeds: the
 * CPU time of the host's sshd and everything under it (its sessions, the feeds and what they started,
 * dead children included; nanoseconds from /proc/PID/schedstat), and this machine's CPU minus this
 * process's (coarser: everything else on the machine is in it).
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
          new Mode("events, tables every 5 s (before)", ChangeFeed.script(Duration.ofSeconds(5), ChangeFeed.HEARTBEAT, Duration.ofSeconds(5))),
          new Mode("events, counts 0.75 s, tables 30 s (default)", ChangeFeed.script(Duration.ofSeconds(30))),
          new Mode("events, counts 0.75 s, tables 5 s", ChangeFeed.script(Duration.ofSeconds(5))),
          // The floor of any program that looks as often as the counts: a bash loop that only wakes (and says "." every 6 s).
          new Mode("floor: a loop that only wakes every 0.75 s", "exec bash -c 'exec {nap}<> <(:); n=0;"
              + " while :; do read -t 0.75 -u $nap _; ((++n % 8)) || echo . || exit 0; done'\n"));
      // The baseline holds the same N connections open (their keep-alives cost sshd too): only the feeds differ.
      List<SshConnection> connections = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          connections.add(SshConnection.open(target));
        }
        Thread.sleep(3000);
        long sshd = Long.parseLong(Files.readString(host.stateDir().resolve("sshd.pid")).strip());
        double[] idle = restCpu(window, sshd);
        System.out.println(String.format(Locale.ROOT, "1. At rest: %d feeds on one host, each on its own connection, %d s window"
            + " (the %d connections and no feeds: the host's sshd and under it %.2f ms/s, the machine %.1f ms/s)",
            n, window.toSeconds(), n, idle[0] * 1000, idle[1] * 1000));
        for (Mode mode : modes) {
          List<SshConnection.Stream> streams = new ArrayList<>();
          for (SshConnection connection : connections) {
            streams.add(connection.stream(mode.script(), line -> {}, () -> {}));
          }
          Thread.sleep(5000);
          double[] busy = restCpu(window, sshd);
          System.out.println(String.format(Locale.ROOT, "   %-46s host CPU per feed %6.3f ms/s (sshd and under it), %6.2f ms/s (the machine)",
              mode.name(), (busy[0] - idle[0]) * 1000 / n, (busy[1] - idle[1]) * 1000 / n));
          streams.forEach(SshConnection.Stream::close);
          Thread.sleep(5000); // the closed feeds end (SIGTERM) and the host settles
        }
      } finally {
        connections.forEach(SshConnection::close);
      }
      System.out.println("\n2. Change to the feed's line, " + rounds + " rounds each");
      for (Mode mode : rounds > 0 ? modes.subList(0, modes.size() - 1) : List.<Mode>of()) {
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

  /**
   * CPU seconds per second over the window: [0] the host's sshd and every process under it, [1]
   * everything on this machine but this process.
   */
  private static double[] restCpu(Duration window, long sshd) throws Exception {
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    java.util.Map<Long, long[]> tree0 = treeCpu(sshd);
    double machine0 = machineCpuSeconds();
    long own0 = os.getProcessCpuTime();
    long start = System.nanoTime();
    Thread.sleep(window.toMillis());
    double seconds = (System.nanoTime() - start) / 1e9;
    double own = (os.getProcessCpuTime() - own0) / 1e9;
    double machine = (machineCpuSeconds() - machine0 - own) / seconds;
    double tree = 0;
    for (var entry : treeCpu(sshd).entrySet()) {
      long[] before = tree0.getOrDefault(entry.getKey(), new long[2]);
      tree += (entry.getValue()[0] - before[0]) / 1e9 + (entry.getValue()[1] - before[1]) / 100.0;
    }
    return new double[] {tree / seconds, machine};
  }

  /**
   * Per process under {@code root} (itself included): [0] its own CPU time in ns (schedstat), [1] the
   * CPU of its children that ended and were waited for, in clock ticks (stat's cutime + cstime).
   */
  private static java.util.Map<Long, long[]> treeCpu(long root) throws java.io.IOException {
    // Each process's stat, read once: after[0] is field 3 (state), after[1] the parent, after[13] and [14] cutime and cstime.
    java.util.Map<Long, String[]> stats = new java.util.HashMap<>();
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
        String stat = read(dir.resolve("stat"));
        if (stat != null) {
          stats.put(Long.parseLong(dir.getFileName().toString()), stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        }
      }
    }
    java.util.Map<Long, long[]> cpu = new java.util.HashMap<>();
    for (var entry : stats.entrySet()) {
      long p = entry.getKey();
      while (p > 1 && p != root) {
        String[] up = stats.get(p);
        p = up == null ? 0 : Long.parseLong(up[1]);
      }
      String sched = p == root ? read(Path.of("/proc", Long.toString(entry.getKey()), "schedstat")) : null;
      if (sched != null) {
        String[] after = entry.getValue();
        cpu.put(entry.getKey(), new long[] {Long.parseLong(sched.split(" ")[0]), Long.parseLong(after[13]) + Long.parseLong(after[14])});
      }
    }
    return cpu;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (java.io.IOException e) {
      return null; // the process ended
    }
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
