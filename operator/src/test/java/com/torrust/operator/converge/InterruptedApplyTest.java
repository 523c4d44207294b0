package com.torrust.operator.converge;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.observe.HostObserver;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import com.torrust.operator.render.PlannedFile;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault injection: the SSH connection is killed at random points of an apply's file step, many
 * times, alternating between two desired states. No planned file may ever be partial: each is
 * absent, or exactly one of the two versions. A final apply then converges.
 */
@ExtendWith(SandboxHosts.class)
class InterruptedApplyTest {

  private static final int RUNS = 20;

  @Test
  void aKilledConnectionNeverLeavesAPartialFile(SandboxHost host) throws Exception {
    TrackerDeployment onHost = Specs.fullAt(host.address(), host.sshPort());
    DesiredHostState a = render(onHost, "a");
    DesiredHostState b = render(onHost, "b");
    Map<String, Set<String>> allowed = new HashMap<>();
    for (PlannedFile file : a.files()) {
      allowed.computeIfAbsent(file.path(), k -> new java.util.HashSet<>()).add(file.sha256());
    }
    for (PlannedFile file : b.files()) {
      allowed.computeIfAbsent(file.path(), k -> new java.util.HashSet<>()).add(file.sha256());
    }
    SshTarget target = new SshTarget(host.address(), host.sshPort(), host.user(), Files.readString(host.sshKey()), HostKeyPin.parse(host.hostKeyFingerprint()));
    Random random = new Random(42);
    int interrupted = 0;
    // Time one whole, uninterrupted apply of the file step, so the kills land inside one on any machine.
    long wholeApplyMillis;
    try (SshConnection connection = SshConnection.open(target)) {
      ConvergePlan first = filesOnly(ConvergePlanner.plan(a, HostObserver.observe(connection, ConvergePlanner.observedPaths(a)), List.of()));
      Converger.apply(connection, first, line -> { });
      ConvergePlan plan = filesOnly(ConvergePlanner.plan(b, HostObserver.observe(connection, ConvergePlanner.observedPaths(b)), List.of()));
      long start = System.nanoTime();
      Converger.apply(connection, plan, line -> { });
      wholeApplyMillis = Math.max(20, (System.nanoTime() - start) / 1_000_000);
    }
    // Reaching into the host to kill takes time too (a shell, nsenter, pkill): aim that much earlier,
    // or on a fast machine most kills land after the apply has finished.
    long killStart = System.nanoTime();
    host.shell("true");
    long killMillis = (System.nanoTime() - killStart) / 1_000_000;
    int window = (int) Math.max(10, wholeApplyMillis - killMillis);

    for (int run = 0; run < RUNS; run++) {
      DesiredHostState desired = run % 2 == 0 ? a : b;
      try (SshConnection connection = SshConnection.open(target)) {
        ConvergePlan plan = filesOnly(ConvergePlanner.plan(desired, HostObserver.observe(connection, ConvergePlanner.observedPaths(desired)), List.of()));
        java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
        Thread apply = new Thread(() -> {
          try {
            Converger.apply(connection, plan, line -> { });
          } catch (Exception e) {
            cut.set(true); // the connection died under it
          }
        });
        apply.start();
        Thread.sleep(random.nextInt(window));
        // Kill this connection's sshd (a child of the listener), as a network drop or reboot would.
        host.shell("pkill -P $(cat " + host.stateDir() + "/sshd.pid) sshd || true");
        apply.join(30_000);
        interrupted += cut.get() ? 1 : 0;
      }
      assertNoPartialFile(host, allowed);
    }

    // Whatever the kills left behind, plus one planted for certain, is cleaned up by the next apply.
    host.shell("touch /opt/torrust/.tracker-operator.Planted1");
    try (SshConnection connection = SshConnection.open(target)) {
      ConvergePlan plan = filesOnly(ConvergePlanner.plan(b, HostObserver.observe(connection, ConvergePlanner.observedPaths(b)), List.of()));
      assertThat(plan.actions()).anySatisfy(action -> assertThat(action.description()).contains("temporary file"));
      Converger.apply(connection, plan, line -> { });
      assertThat(host.shell("find /opt/torrust /etc/cron.d /etc/apt/apt.conf.d -name '.tracker-operator.*'")).isBlank();
      ConvergePlan after = filesOnly(ConvergePlanner.plan(b, HostObserver.observe(connection, ConvergePlanner.observedPaths(b)), List.of()));
      assertThat(after.actions()).as("after the final apply, nothing is left to do").isEmpty();
    }
    System.out.println("InterruptedApplyTest: " + interrupted + " of " + RUNS + " applies were cut mid-way (apply " + wholeApplyMillis
        + " ms, reaching the host " + killMillis + " ms)");
    // A kill that lands after its apply finished proves nothing but costs nothing; what matters is that
    // enough land inside one (each such run is checked for partial files above). About half do.
    assertThat(interrupted).as("runs whose apply really died mid-way").isGreaterThanOrEqualTo(RUNS / 4);
  }

  /**
   * The full example with secrets of one version, plus a 1 MB file whose content depends on the
   * version too: its upload takes long enough for the kills to land in the middle of it.
   */
  private static DesiredHostState render(TrackerDeployment deployment, String version) {
    DesiredHostState state = new FileRenderer().render(Planner.plan("production", deployment.getSpec()), deployment.getSpec(),
        new DeploymentSecrets("token-" + version, "password-" + version, "root-" + version, "admin", "grafana-" + version));
    StringBuilder big = new StringBuilder(1 << 20);
    Random random = new Random(version.hashCode());
    while (big.length() < (1 << 20)) {
      big.append((char) ('a' + random.nextInt(26)));
    }
    List<PlannedFile> files = new java.util.ArrayList<>(state.files());
    files.add(new PlannedFile("/opt/torrust/storage/large-upload.bin", 0644, 0, 0, big.toString(), false));
    return new DesiredHostState(state.plan(), files);
  }

  private static ConvergePlan filesOnly(ConvergePlan plan) {
    return new ConvergePlan(plan.actions(Step.Files), List.of());
  }

  private static void assertNoPartialFile(SandboxHost host, Map<String, Set<String>> allowed) {
    StringBuilder script = new StringBuilder();
    for (String path : allowed.keySet()) {
      script.append("[ -e '").append(path).append("' ] && sha256sum '").append(path).append("';");
    }
    script.append("true");
    for (String line : host.shell(script.toString()).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      assertThat(allowed.get(parts[1])).as("content of %s is one whole version", parts[1]).contains(parts[0]);
    }
  }
}
