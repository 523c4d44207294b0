package com.torrust.operator.cli;

import static com.torrust.operator.cli.CommandLineTest.run;
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
 * The planned limits are what Docker runs the containers with (docker inspect on a real engine), a
 * container whose limits were changed by hand is drift, and apply recreates it with the planned ones.
 */
@ExtendWith(SandboxHosts.class)
class ResourceLimitsTest {

  @TempDir Path dir;

  private static String limits(SandboxHost host) {
    return host.shell("docker inspect --format '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}}'"
        + " $(docker ps -q --filter label=com.docker.compose.service=tracker)").trim();
  }

  @Test
  void containersRunWithThePlannedLimitsAndAChangeByHandIsUndone(SandboxHost host) throws Exception {
    host.standin("tracker", "torrust/tracker:v3.0.0", "v3.0.0");
    Path manifest = dir.resolve("td.yaml");
    Files.writeString(manifest, host.manifest(Specs.MINIMAL + "  resources:\n    tracker: {memory: 256Mi, cpus: \"1.5\"}\n", "limits-test-token"));
    String[] target = host.cliTarget(manifest);
    Run apply = run(concat(new String[] {"apply", "--wait", "60"}, target));
    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();

    assertThat(limits(host)).isEqualTo((256L << 20) + " " + (256L << 20) + " 1500000000");

    host.shell("docker update --memory 64m --memory-swap 128m --cpus 0.2 $(docker ps -q --filter label=com.docker.compose.service=tracker) >/dev/null");
    Run check = run(concat(new String[] {"check"}, target));

    assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(1);
    assertThat(check.out()).contains("ResourceLimitsDiffer", "runs with 64Mi of memory plus swap, 0.2 CPU; the plan says 256Mi, 1.5 CPU");

    Run repair = run(concat(new String[] {"apply", "--wait", "60"}, target));

    assertThat(repair.exitCode()).as(repair.out() + repair.err()).isZero();
    assertThat(repair.out()).contains("recreate tracker with the planned resource limits");
    assertThat(limits(host)).isEqualTo((256L << 20) + " " + (256L << 20) + " 1500000000");
    Run clean = run(concat(new String[] {"check"}, target));
    assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
