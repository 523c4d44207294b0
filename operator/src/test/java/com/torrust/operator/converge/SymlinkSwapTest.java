package com.torrust.operator.converge;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.drift.DriftEngine;
import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.observe.HostObserver;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A compromised tracker container (uid 1000, its data directory bind-mounted read-write) swaps a
 * planned directory for a symbolic link to the root-only secrets directory after the operator looked
 * and before it acts. Root must not act through the link: the secrets directory keeps its owner and
 * mode, and the next look reports the link instead of "fixing" through it.
 */
@ExtendWith(SandboxHosts.class)
class SymlinkSwapTest {

  @Test
  void aDirectorySwappedForALinkBetweenLookingAndActingIsNeverFollowed(SandboxHost host) throws Exception {
    TrackerDeployment onHost = Specs.fullAt(host.address(), host.sshPort());
    DesiredHostState desired = new FileRenderer().render(Planner.plan("production", onHost.getSpec()), onHost.getSpec(),
        new DeploymentSecrets("token", "password", "root-password", "admin", "grafana-password"));
    String lib = "/opt/torrust/storage/tracker/lib";
    String database = lib + "/database";
    String secrets = "/opt/torrust/secrets";
    SshTarget target = new SshTarget(host.address(), host.sshPort(), host.user(), Files.readString(host.sshKey()),
        HostKeyPin.parse(host.hostKeyFingerprint()));
    try (SshConnection connection = SshConnection.open(target)) {
      List<String> paths = ConvergePlanner.observedPaths(desired);
      Converger.apply(connection, files(ConvergePlanner.plan(desired, HostObserver.observe(connection, paths), List.of())), line -> { });
      String secretsBefore = host.shell("stat -c '%u:%g %a' " + secrets).trim();
      assertThat(secretsBefore).isEqualTo("0:0 700");

      // The tracker's entry script would leave it so; now the operator has something to set on it.
      host.shell("chmod 0755 " + database);
      ConvergePlan plan = files(ConvergePlanner.plan(desired, HostObserver.observe(connection, paths), List.of()));
      assertThat(plan.actions()).as("the plan acts on the directory").anySatisfy(a -> assertThat(a.script()).contains(database));

      // From inside a container, as the tracker's user, through its read-write mount.
      host.shell("docker run --rm --user 1000:1000 -v " + lib + ":/data " + host.image()
          + " sh -c 'rm -rf /data/database && ln -s " + secrets + " /data/database'");
      assertThat(host.shell("stat -c %F " + database).trim()).isEqualTo("symbolic link");

      try {
        Converger.apply(connection, plan, line -> { });
      } catch (ConvergeException refused) {
        // acting through the link fails (the chmod runs as uid 1000); what matters is what it left
      }

      assertThat(host.shell("stat -c '%u:%g %a' " + secrets).trim()).as("the root-only directory behind the link").isEqualTo(secretsBefore);
      var observed = HostObserver.observe(connection, paths);
      ConvergePlan next = ConvergePlanner.plan(desired, observed, List.of());
      assertThat(next.actions()).noneMatch(a -> a.script().contains(database));
      assertThat(next.refusals()).anySatisfy(r -> assertThat(r).contains(database, "not a directory"));
      assertThat(DriftEngine.findings(desired, observed, List.of())).anySatisfy(f -> assertThat(f.message()).contains(database, "not a directory"));
    }
  }

  private static ConvergePlan files(ConvergePlan plan) {
    return new ConvergePlan(plan.actions(Step.Files), List.of());
  }
}
