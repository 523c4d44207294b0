package com.torrust.operator.reconcile;

import static com.torrust.operator.reconcile.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.runtime.EmbeddedApi;
import com.torrust.operator.runtime.OperatorRuntime;
import com.torrust.operator.runtime.PrometheusMetrics;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two shards (run --label-selector, Flux's sharding.fluxcd.io/key) with leader election on: each has its
 * own Lease and reconciles only its resources; a resource moved to the other shard is reconciled there
 * and no longer by the first.
 */
@EnableKubernetesMockClient(crud = true)
class ShardingTest {

  KubernetesClient client;
  KubernetesMockServer server;

  private OperatorRuntime shard(String key, PrometheusMetrics metrics) {
    Shard shard = Shard.parse("sharding.fluxcd.io/key=" + key);
    return OperatorRuntime.start(client, new OperatorRuntime.Options(Set.of(), true, "tracker-operator" + shard.leaseSuffix(),
        OperatorHarness.NAMESPACE, "replica-" + key, 4, 2, OperatorHarness.QUICK.withShard(shard)), metrics.registry(), metrics);
  }

  /** An invalid spec (two trackers on one port): reconciled once per change, no host needed, so reconciles are counted exactly. */
  private static String invalid(String name, String key) {
    return com.torrust.operator.Specs.MINIMAL.replace("[{port: 7070}]", "[{port: 7070}, {port: 7070}]")
        .replace("  name: demo\n", "  name: " + name + "\n  labels: {sharding.fluxcd.io/key: " + key + "}\n");
  }

  @Test
  void eachShardReconcilesItsOwnResourcesAndAMovedOneGoesWithItsLabel() throws Exception {
    PrometheusMetrics oneMetrics = new PrometheusMetrics();
    PrometheusMetrics twoMetrics = new PrometheusMetrics();
    EmbeddedApi.answerAccessReviews(server);
    OperatorHarness resources = new OperatorHarness(client);
    try (OperatorRuntime one = shard("shard1", oneMetrics); OperatorRuntime two = shard("shard2", twoMetrics)) {
      resources.apply(invalid("alpha", "shard1"));
      resources.apply(invalid("beta", "shard2"));
      resources.await("alpha", Duration.ofSeconds(30), "Stalled=True", r -> is(r, "Stalled", "True"));
      resources.await("beta", Duration.ofSeconds(30), "Stalled=True", r -> is(r, "Stalled", "True"));
      Thread.sleep(2_000);
      assertThat(OperatorHarness.reconciles(oneMetrics)).as("shard1 reconciled alpha only").isEqualTo(1);
      assertThat(OperatorHarness.reconciles(twoMetrics)).as("shard2 reconciled beta only").isEqualTo(1);
      Lease first = client.leases().inNamespace(OperatorHarness.NAMESPACE).withName("tracker-operator" + Shard.parse("sharding.fluxcd.io/key=shard1").leaseSuffix()).get();
      Lease second = client.leases().inNamespace(OperatorHarness.NAMESPACE).withName("tracker-operator" + Shard.parse("sharding.fluxcd.io/key=shard2").leaseSuffix()).get();
      assertThat(first.getSpec().getHolderIdentity()).isEqualTo("replica-shard1");
      assertThat(second.getSpec().getHolderIdentity()).isEqualTo("replica-shard2");

      // Moved: the label changes with a spec change (a new generation), as a GitOps commit would do it.
      TrackerDeployment moved = client.getKubernetesSerialization().unmarshal(invalid("alpha", "shard2") + "  resyncInterval: 7m\n", TrackerDeployment.class);
      TrackerDeployment stored = client.resources(TrackerDeployment.class).inNamespace(OperatorHarness.NAMESPACE).withName("alpha").get();
      stored.getMetadata().setLabels(moved.getMetadata().getLabels());
      stored.setSpec(moved.getSpec());
      client.resource(stored).update();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (OperatorHarness.reconciles(twoMetrics) < 2 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      Thread.sleep(2_000);
      assertThat(OperatorHarness.reconciles(twoMetrics)).as("shard2 took alpha over").isEqualTo(2);
      assertThat(OperatorHarness.reconciles(oneMetrics)).as("shard1 let it go without another reconcile").isEqualTo(1);
    }
  }
}
