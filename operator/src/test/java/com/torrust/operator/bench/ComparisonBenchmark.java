package com.torrust.operator.bench;

import com.torrust.operator.ProjectFiles;
import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.converge.ConvergePlanner;
import com.torrust.operator.converge.Convergence;
import com.torrust.operator.drift.DriftEngine;
import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.observe.HostObserver;
import com.torrust.operator.observe.ObservationScript;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import com.torrust.operator.sandbox.HandDeployment;
import com.torrust.operator.sandbox.SandboxHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Side by side, in one run, against real sandbox hosts: the operator, raw OpenSSH and Ansible doing
 * the same work. (1) The steady-state check of a converged host on a warm connection: the operator's
 * observe + drift, the same observation script through an OpenSSH ControlMaster connection, and
 * `ansible-playbook --check` of the equivalent playbook (pipelining and ControlPersist on). (2) The
 * converge of a fresh host: the operator vs the playbook. Run by scripts/bench.sh; prints numbers and
 * ratios, asserts nothing.
 */
public final class ComparisonBenchmark {

  private static final Path SCRIPT = ProjectFiles.root().resolve("scripts/sandbox-host.sh");

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int ansibleRounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path work = Files.createTempDirectory("bench");
    System.out.println("Benchmark " + java.time.LocalDateTime.now().withNano(0) + " on " + machine());
    System.out.println("rounds: " + rounds + " (operator, OpenSSH), " + ansibleRounds + " (Ansible); times are wall clock\n");

    SandboxHost host = up("cmp" + ProcessHandle.current().pid() % 10000);
    try {
      DesiredHostState desired = desired(host);
      HandDeployment.deploy(host, desired);
      List<String> paths = ConvergePlanner.observedPaths(desired);
      SshTarget target = target(host);

      List<Double> operator = new ArrayList<>();
      try (SshConnection connection = SshConnection.open(target)) {
        for (int i = 0; i < rounds + 3; i++) {
          long start = System.nanoTime();
          int findings = DriftEngine.findings(desired, HostObserver.observe(connection, paths), List.of()).size();
          double ms = (System.nanoTime() - start) / 1e6;
          if (findings != 0) {
            throw new IllegalStateException("the benchmark host drifted: " + findings + " findings");
          }
          if (i >= 3) {
            operator.add(ms);
          }
        }
      }

      Path knownHosts = work.resolve("known_hosts");
      Files.writeString(knownHosts, host.address() + " " + host.hostKey() + "\n");
      Path socket = work.resolve("cm.sock");
      List<String> ssh = List.of("ssh", "-i", host.sshKey().toString(), "-p", Integer.toString(host.sshPort()), "-o", "BatchMode=yes",
          "-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=yes", "-S", socket.toString());
      run(concat(ssh, List.of("-M", "-o", "ControlPersist=300", "-fN", host.user() + "@" + host.address())), null, 30);
      List<Double> openssh = new ArrayList<>();
      for (int i = 0; i < rounds + 3; i++) {
        String script = ObservationScript.build(ObservationScript.nonce(), paths);
        long start = System.nanoTime();
        run(concat(ssh, List.of(host.user() + "@" + host.address(), "sh -s")), script, 60);
        double ms = (System.nanoTime() - start) / 1e6;
        if (i >= 3) {
          openssh.add(ms);
        }
      }
      run(concat(ssh, List.of("-O", "exit", host.user() + "@" + host.address())), null, 30);

      Path playbook = AnsiblePlaybooks.write(work.resolve("ansible"), desired, host.address(), host.sshPort(), host.user(), host.sshKey(), knownHosts);
      List<Double> ansible = new ArrayList<>();
      for (int i = 0; i < ansibleRounds + 1; i++) {
        long start = System.nanoTime();
        String out = ansible(playbook, true);
        double ms = (System.nanoTime() - start) / 1e6;
        if (!out.contains("changed=0")) {
          throw new IllegalStateException("ansible --check would change the converged host:\n" + out);
        }
        if (i >= 1) { // the first run opens the persistent connection
          ansible.add(ms);
        }
      }
      System.out.println("1. Check of a converged host (minimal example), warm connection");
      double op = print("operator: observe + drift (SSHJ, kept connection)", operator);
      double raw = print("OpenSSH ControlMaster: same observation script", openssh);
      double ans = print("ansible-playbook --check (pipelining, ControlPersist)", ansible);
      System.out.println(String.format(Locale.ROOT, "   operator / OpenSSH = %.2f (target <= 1.5); Ansible / operator = %.0fx (target >= 20x)%n",
          op / raw, ans / op));
    } finally {
      down(host);
    }

    List<Double> operatorConverge = new ArrayList<>();
    List<Double> ansibleConverge = new ArrayList<>();
    int convergeRounds = Math.max(1, ansibleRounds / 2 + 1);
    for (int i = 0; i < convergeRounds; i++) {
      SandboxHost fresh = up("cop" + i + "x" + ProcessHandle.current().pid() % 1000);
      try {
        DesiredHostState desired = desired(fresh);
        fresh.images("torrust/tracker:v3.0.0");
        long start = System.nanoTime();
        try (SshConnection connection = SshConnection.open(target(fresh))) {
          Convergence.Result result = Convergence.converge(connection, desired, List.of(),
              HostObserver.observe(connection, ConvergePlanner.observedPaths(desired)), Duration.ofSeconds(60), line -> { });
          if (!result.drift().isEmpty()) {
            throw new IllegalStateException("operator converge left drift: " + result.drift());
          }
          System.out.println("   (operator round " + (i + 1) + ": " + breakdown(result) + ")");
        }
        operatorConverge.add((System.nanoTime() - start) / 1e6);
      } finally {
        down(fresh);
      }
      SandboxHost other = up("can" + i + "x" + ProcessHandle.current().pid() % 1000);
      try {
        DesiredHostState desired = desired(other);
        other.images("torrust/tracker:v3.0.0");
        Path knownHosts = work.resolve("known_hosts_" + i);
        Files.writeString(knownHosts, other.address() + " " + other.hostKey() + "\n");
        Path playbook = AnsiblePlaybooks.write(work.resolve("ansible-converge-" + i), desired, other.address(), other.sshPort(), other.user(),
            other.sshKey(), knownHosts);
        long start = System.nanoTime();
        String out = ansible(playbook, false);
        ansibleConverge.add((System.nanoTime() - start) / 1e6);
        System.out.println("   (Ansible round " + (i + 1) + ", slowest tasks: " + slowestTasks(out) + ")");
        try (SshConnection connection = SshConnection.open(target(other))) {
          int findings = DriftEngine.findings(desired, HostObserver.observe(connection, ConvergePlanner.observedPaths(desired)), List.of()).size();
          System.out.println("   (the Ansible-converged host has " + findings + " findings by the operator's check)");
        }
      } finally {
        down(other);
      }
    }
    System.out.println("2. Converge of a fresh host (firewall, directories, files, compose up), " + convergeRounds + " rounds");
    double op = print("operator: connect + observe + converge + health + check", operatorConverge);
    double ans = print("ansible-playbook (pipelining, ControlPersist)", ansibleConverge);
    System.out.println(String.format(Locale.ROOT, "   Ansible / operator = %.1fx (target >= 5x)", ans / op));
  }

  private static DesiredHostState desired(SandboxHost host) {
    TrackerDeployment deployment = Specs.minimal(spec -> ((com.fasterxml.jackson.databind.node.ObjectNode) spec.get("host"))
        .put("address", host.address()).put("user", "root"));
    return new FileRenderer().render(Planner.plan("demo", deployment.getSpec()), deployment.getSpec(),
        new DeploymentSecrets("bench-token-0123456789abcdef", null, null, null, null));
  }

  /** The first lines of the profile_tasks recap, which lists tasks slowest first. */
  private static String slowestTasks(String ansibleOutput) {
    java.util.regex.Pattern recap = java.util.regex.Pattern.compile("^(.*?)\\s*-{3,}\\s*(\\d+\\.\\d+s)$");
    return ansibleOutput.lines().map(recap::matcher).filter(java.util.regex.Matcher::matches)
        .filter(m -> !m.group(1).contains("(0:"))
        .limit(4).map(m -> m.group(1).strip() + " " + m.group(2)).collect(java.util.stream.Collectors.joining(", "));
  }

  private static String breakdown(Convergence.Result result) {
    StringBuilder out = new StringBuilder();
    result.steps().forEach(step -> out.append(String.format(Locale.ROOT, "%s %d ms, ", step.step(), step.duration().toMillis())));
    return out.append("health wait ").append(result.healthWait().toMillis()).append(" ms").toString();
  }

  private static SshTarget target(SandboxHost host) throws IOException {
    return new SshTarget(host.address(), host.sshPort(), host.user(), Files.readString(host.sshKey()), HostKeyPin.parse(host.hostKeyFingerprint()));
  }

  private static String ansible(Path playbook, boolean check) throws Exception {
    List<String> command = new ArrayList<>(List.of("ansible-playbook", playbook.getFileName().toString()));
    if (check) {
      command.add("--check");
    }
    ProcessBuilder builder = new ProcessBuilder(command).directory(playbook.getParent().toFile()).redirectErrorStream(true);
    builder.environment().put("ANSIBLE_CONFIG", playbook.getParent().resolve("ansible.cfg").toString());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("ansible-playbook failed:\n" + out);
    }
    return out;
  }

  private static String run(List<String> command, String stdin, int timeoutSeconds) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  static SandboxHost up(String name) throws Exception {
    String out = run(List.of("bash", SCRIPT.toString(), "up", name), null, 180);
    Map<String, String> v = new HashMap<>();
    out.lines().filter(l -> l.contains("=")).forEach(l -> v.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return new SandboxHost(v.get("NAME"), v.get("ADDRESS"), Integer.parseInt(v.get("SSH_PORT")), v.get("SSH_USER"), Path.of(v.get("SSH_KEY")),
        v.get("HOST_KEY"), v.get("HOST_KEY_FINGERPRINT"), Path.of(v.get("STATE_DIR")), v.get("IMAGE"), v.get("SUDO_USER"));
  }

  static void down(SandboxHost host) throws Exception {
    run(List.of("bash", SCRIPT.toString(), "down", host.name()), null, 120);
  }

  static String machine() throws IOException {
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
    return Runtime.getRuntime().availableProcessors() + " x " + cpu + ", Java " + System.getProperty("java.version");
  }

  /** Prints median, min and max; returns the median. */
  static double print(String what, List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    System.out.println(String.format(Locale.ROOT, "   %-58s median %8.1f ms   min %8.1f   max %8.1f", what, median, sorted.get(0), sorted.get(n - 1)));
    return median;
  }
}
