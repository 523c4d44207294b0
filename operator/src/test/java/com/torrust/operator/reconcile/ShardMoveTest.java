package com.torrust.operator.reconcile;

import static com.torrust.operator.reconcile.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.runtime.EmbeddedApi;
import com.torrust.operator.runtime.OperatorRuntime;
import com.torrust.operator.runtime.PrometheusMetrics;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A resource moved between shards on a real host: the shard it left closes its SSH connections (change
 * feed included), so the host is worked on by the new shard only; its generated Secret carries the
 * shard's label, so the new shard's cache holds it.
 */
@ExtendWith(SandboxHosts.class)
@EnableKubernetesMockClient(crud = true)
class ShardMoveTest {

  KubernetesClient client;
  KubernetesMockServer server;

  private OperatorRuntime shard(String key, PrometheusMetrics metrics) {
    return OperatorRuntime.start(client, new OperatorRuntime.Options(Set.of(), false, null, null, "replica-" + key, 4, 2,
        OperatorHarness.QUICK.withShard(Shard.parse("sharding.fluxcd.io/key=" + key))), metrics.registry(), metrics);
  }

  private static boolean await(java.util.function.BooleanSupplier done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    return done.getAsBoolean();
  }

  @Test
  void theShardALeftResourceLeavesLetsGoOfItsHost(SandboxHost host) throws Exception {
    host.image("torrust/tracker:v3.0.0", SandboxHost.BUSYBOX_TRACKER);
    EmbeddedApi.answerAccessReviews(server);
    OperatorHarness resources = new OperatorHarness(client);
    resources.sshKeySecret(host);
    String yaml = com.torrust.operator.Specs.MINIMAL
        .replace("address: 203.0.113.10", "address: " + host.address() + "\n    sshPort: " + host.sshPort() + "\n    user: root"
            + "\n    hostKey: " + host.hostKeyFingerprint())
        .replace("  name: demo\n", "  name: demo\n  labels: {sharding.fluxcd.io/key: shard1}\n");
    try (OperatorRuntime one = shard("shard1", new PrometheusMetrics()); OperatorRuntime two = shard("shard2", new PrometheusMetrics())) {
      resources.apply(yaml);
      resources.await("demo", Duration.ofSeconds(150), "Ready=True", r -> is(r, "Ready", "True"));
      assertThat(one.openConnections()).as("shard1 works on the host").isGreaterThan(0);
      assertThat(two.openConnections()).as("shard2 does not").isZero();
      assertThat(client.secrets().inNamespace(OperatorHarness.NAMESPACE).withName("demo-generated").get().getMetadata().getLabels())
          .as("the generated Secret is in the resource's shard").containsEntry("sharding.fluxcd.io/key", "shard1");

      TrackerDeployment stored = resources.get("demo");
      stored.getMetadata().getLabels().put("sharding.fluxcd.io/key", "shard2");
      client.resource(stored).update();

      assertThat(await(() -> one.openConnections() == 0, Duration.ofSeconds(45))).as("shard1 let go of the host").isTrue();
      assertThat(await(() -> two.openConnections() > 0, Duration.ofSeconds(45))).as("shard2 works on it now").isTrue();
      assertThat(await(() -> "shard2".equals(client.secrets().inNamespace(OperatorHarness.NAMESPACE).withName("demo-generated").get()
          .getMetadata().getLabels().get("sharding.fluxcd.io/key")), Duration.ofSeconds(45)))
          .as("the generated Secret moved with it").isTrue();
      assertThat(is(resources.get("demo"), "Ready", "True")).isTrue();
    }
  }
}
