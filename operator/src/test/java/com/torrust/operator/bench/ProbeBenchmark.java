package com.torrust.operator.bench;

import com.torrust.operator.ProjectFiles;
import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.probe.ProbePlanner;
import com.torrust.operator.probe.ProbeReport;
import com.torrust.operator.probe.ProbeTarget;
import com.torrust.operator.probe.Prober;
import com.torrust.operator.sandbox.SandboxHost;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What one outside probe costs: the minimal example deployed on a sandbox host (its tracker stand-in
 * serving with Debian's opentracker, UFW dropping what is not planned), tried from this process.
 * Baseline of the same run: the same TCP tries with curl and bash's /dev/tcp (4 at a time, 1 s for a closed port,
 * as the prober does); no common tool speaks BEP 15, so the UDP tracker is timed on its own.
 * Prints wall time per probe and the prober's CPU time per probe. Run by scripts/bench.sh --only probe.
 */
public final class ProbeBenchmark {

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path jar = ProjectFiles.root().resolve("operator/target/tracker-operator.jar");
    System.out.println("Probe benchmark " + java.time.LocalDateTime.now().withNano(0) + " on " + ComparisonBenchmark.machine());
    SandboxHost host = ComparisonBenchmark.up("prb" + ProcessHandle.current().pid() % 10000);
    try {
      host.standin("tracker", "torrust/tracker:v3.0.0", "v3.0.0");
      Path dir = Files.createTempDirectory("probe-bench");
      Path manifest = dir.resolve("td.yaml");
      Files.writeString(manifest, Specs.MINIMAL
          .replace("address: 203.0.113.10", "address: " + host.address() + "\n    sshPort: " + host.sshPort() + "\n    user: root")
          + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: demo-generated}\nstringData: {api-admin-token: bench-token}\n");
      exec(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "apply", "-f", manifest.toString(),
          "--ssh-key", host.sshKey().toString(), "--host-key", host.hostKeyFingerprint(), "--wait", "90", "--state-dir", dir.resolve("state").toString()));

      TrackerDeployment deployment = Specs.admit(Specs.YAML.readTree(Specs.MINIMAL.replace("203.0.113.10", host.address())));
      List<ProbeTarget> all = ProbePlanner.plan(Planner.plan("demo", deployment.getSpec()), deployment.getSpec());
      List<ProbeTarget> tcp = all.stream().filter(t -> t.check() != ProbeTarget.Check.UdpTracker).toList();
      List<ProbeTarget> udp = all.stream().filter(t -> t.check() == ProbeTarget.Check.UdpTracker).toList();
      InetAddress address = InetAddress.getByName(host.address());
      Prober prober = new Prober(Duration.ofSeconds(3));
      System.out.println("targets: " + all.size() + " (" + udp.size() + " UDP tracker, " + (tcp.size() - count(tcp, ProbeTarget.Check.MustNotAnswer))
          + " TCP endpoints, " + count(tcp, ProbeTarget.Check.MustNotAnswer) + " ports that must not answer); " + rounds + " rounds\n");

      List<Double> whole = new ArrayList<>();
      List<Double> tcpOnly = new ArrayList<>();
      List<Double> udpOnly = new ArrayList<>();
      List<Double> baseline = new ArrayList<>();
      long cpuNanos = 0;
      com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      String script = baselineScript(host.address(), tcp);
      for (int i = 0; i < rounds + 2; i++) {
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        ProbeReport report = prober.report(List.of(address), all);
        double ms = (System.nanoTime() - start) / 1e6;
        long cpuUsed = os.getProcessCpuTime() - cpu;
        if (!report.findings().isEmpty()) {
          throw new IllegalStateException("the benchmark host does not serve as planned: " + report.findings());
        }
        start = System.nanoTime();
        prober.report(List.of(address), tcp);
        double tcpMs = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        prober.report(List.of(address), udp);
        double udpMs = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        exec(List.of("bash", "-c", script));
        double baseMs = (System.nanoTime() - start) / 1e6;
        if (i >= 2) { // the first two warm the JIT and the host's caches
          whole.add(ms);
          tcpOnly.add(tcpMs);
          udpOnly.add(udpMs);
          baseline.add(baseMs);
          cpuNanos += cpuUsed;
        }
      }
      System.out.println("One probe of the minimal example (wall time):");
      ComparisonBenchmark.print("operator prober: every target", whole);
      ComparisonBenchmark.print("operator prober: UDP tracker alone (BEP 15, 3 round trips)", udpOnly);
      double op = ComparisonBenchmark.print("operator prober: the TCP targets", tcpOnly);
      double base = ComparisonBenchmark.print("curl + bash /dev/tcp: the same TCP tries (xargs -P 4)", baseline);
      System.out.println(String.format(Locale.ROOT, "   curl+bash / operator = %.2fx", base / op));
      System.out.println(String.format(Locale.ROOT, "   prober CPU time per probe (whole process, mean): %.1f ms",
          cpuNanos / 1e6 / rounds));
    } finally {
      ComparisonBenchmark.down(host);
    }
  }

  private static long count(List<ProbeTarget> targets, ProbeTarget.Check check) {
    return targets.stream().filter(t -> t.check() == check).count();
  }

  /** The TCP tries as a shell user would make them: curl for endpoints, bash's /dev/tcp for closed ports, 4 at a time. */
  private static String baselineScript(String address, List<ProbeTarget> targets) {
    StringBuilder lines = new StringBuilder();
    for (ProbeTarget t : targets) {
      switch (t.check()) {
        case HttpTracker -> lines.append("curl -fsS -m 3 'http://").append(address).append(':').append(t.port())
            .append("/announce?info_hash=tracker-operator-prb&peer_id=-TO0001-000000000000&port=6881&left=0&event=stopped&compact=1'")
            .append(" >/dev/null && curl -fsS -m 3 'http://").append(address).append(':').append(t.port())
            .append("/scrape?info_hash=tracker-operator-prb' >/dev/null\n");
        case HttpApi -> lines.append("curl -fsS -m 3 http://").append(address).append(':').append(t.port()).append("/api/health_check >/dev/null\n");
        case Grafana -> lines.append("curl -fsS -m 3 http://").append(address).append(':').append(t.port()).append("/api/health >/dev/null\n");
        case MustNotAnswer -> lines.append("! timeout 1 bash -c '</dev/tcp/").append(address).append('/').append(t.port()).append("' 2>/dev/null\n");
        default -> { }
      }
    }
    return "printf '%s' '" + lines.toString().replace("'", "'\\''") + "' | xargs -d '\\n' -P 4 -I{} bash -c {} || true";
  }

  private static void exec(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(command.get(0) + " failed:\n" + out);
    }
  }
}
