package com.torrust.operator.cli;

import static com.torrust.operator.cli.CommandLineTest.run;
import static com.torrust.operator.cli.ImageRecordTest.concat;
import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.Specs;
import com.torrust.operator.cli.CommandLineTest.Run;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One converge at a time per host (two shards while a resource moves, a person's apply beside the
 * operator): while another holds the host's converge lock nothing is changed, and a finished apply
 * leaves the lock free.
 */
@ExtendWith(SandboxHosts.class)
class HostLockTest {

  @TempDir Path dir;

  @Test
  void anApplyWaitsItsTurnAndLeavesTheLockFree(SandboxHost host) throws Exception {
    host.image("torrust/tracker:v3.0.0", SandboxHost.BUSYBOX_TRACKER);
    Path manifest = dir.resolve("td.yaml");
    Files.writeString(manifest, host.manifest(Specs.MINIMAL, "lock-test-token"));
    String[] target = host.cliTarget(manifest);
    // Someone else converges: it holds the lock as the operator does, with flock.
    host.shell("mkdir -p /var/lib/tracker-operator && (flock /var/lib/tracker-operator/converge.lock sleep 300 >/dev/null 2>&1 & echo $! > /tmp/holder)");
    Thread.sleep(500);

    Run refused = run(concat(new String[] {"apply", "--wait", "30"}, target));
    assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(2);
    assertThat(refused.err()).contains("another converge is running on this host", "nothing was changed");
    assertThat(host.exec("test", "-e", "/opt/torrust/docker-compose.yml").exitCode()).as("nothing was written").isNotZero();

    host.shell("pkill -P $(cat /tmp/holder) sleep; kill $(cat /tmp/holder) 2>/dev/null; true");
    Thread.sleep(500);
    Run applied = run(concat(new String[] {"apply", "--wait", "60"}, target));
    assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
    Thread.sleep(2500); // the holding session ends; the host drops the lock within a second
    assertThat(host.exec("flock", "-n", "/var/lib/tracker-operator/converge.lock", "true").exitCode()).as("the lock is free again").isZero();
  }
}
