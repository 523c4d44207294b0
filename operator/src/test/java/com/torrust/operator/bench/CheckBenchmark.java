package com.torrust.operator.bench;

import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.drift.DriftEngine;
import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.observe.HostObserver;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import com.torrust.operator.render.PlannedFile;
import com.torrust.operator.sandbox.HandDeployment;
import com.torrust.operator.sandbox.SandboxHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wall time of one check (observe + drift) against a real sandbox host deployed to the minimal
 * example: on a warm, kept connection, and on a fresh one (connect, authenticate, observe). Run by
 * scripts/bench-check.sh; prints numbers, asserts nothing.
 */
public final class CheckBenchmark {

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Map<String, String> up = new HashMap<>();
    for (String line : Files.readAllLines(Path.of(System.getenv("SANDBOX_ENV")))) {
      if (line.contains("=")) {
        up.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    SandboxHost host = new SandboxHost(up.get("NAME"), up.get("ADDRESS"), Integer.parseInt(up.get("SSH_PORT")), up.get("SSH_USER"),
        Path.of(up.get("SSH_KEY")), up.get("HOST_KEY"), up.get("HOST_KEY_FINGERPRINT"), Path.of(up.get("STATE_DIR")), up.get("IMAGE"), up.get("SUDO_USER"));
    TrackerDeployment deployment = Specs.minimal(spec -> ((com.fasterxml.jackson.databind.node.ObjectNode) spec.get("host"))
        .put("address", host.address()).put("user", "root"));
    DesiredHostState desired = new FileRenderer().render(Planner.plan("demo", deployment.getSpec()), deployment.getSpec(),
        new DeploymentSecrets("bench-token", null, null, null, null));
    HandDeployment.deploy(host, desired);
    List<String> files = desired.files().stream().map(PlannedFile::path).toList();
    SshTarget target = new SshTarget(host.address(), host.sshPort(), host.user(), Files.readString(host.sshKey()),
        HostKeyPin.parse(host.hostKeyFingerprint()));

    List<Double> warm = new ArrayList<>();
    try (SshConnection connection = SshConnection.open(target)) {
      for (int i = 0; i < rounds + 3; i++) {
        long start = System.nanoTime();
        Observation observation = HostObserver.observe(connection, files);
        int findings = DriftEngine.findings(desired, observation, List.of()).size();
        double ms = (System.nanoTime() - start) / 1e6;
        if (findings != 0) {
          throw new IllegalStateException("the benchmark host drifted: " + findings + " findings");
        }
        if (i >= 3) { // the first rounds warm up the JIT
          warm.add(ms);
        }
      }
    }
    List<Double> fresh = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      try (SshConnection connection = SshConnection.open(target)) {
        DriftEngine.findings(desired, HostObserver.observe(connection, files), List.of());
      }
      fresh.add((System.nanoTime() - start) / 1e6);
    }
    System.out.println("check of a converged host (minimal example), " + rounds + " rounds each, " + java.time.LocalDate.now());
    print("warm connection (observe + drift)", warm);
    print("fresh connection (connect + auth + observe + drift)", fresh);
  }

  private static void print(String what, List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2) : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    System.out.println(String.format(Locale.ROOT, "  %-52s median %7.1f ms   min %7.1f ms   max %7.1f ms", what, median, sorted.get(0), sorted.get(sorted.size() - 1)));
  }
}
