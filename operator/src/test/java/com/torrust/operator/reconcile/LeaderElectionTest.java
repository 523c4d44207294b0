package com.torrust.operator.reconcile;

import static com.torrust.operator.reconcile.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

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

/** Two replicas with leader election: exactly one holds the Lease and reconciles. */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {

  KubernetesClient client;
  KubernetesMockServer server;

  private OperatorRuntime replica(String identity, PrometheusMetrics metrics) {
    return OperatorRuntime.start(client,
        new OperatorRuntime.Options(Set.of(), true, "tracker-operator", OperatorHarness.NAMESPACE, identity, 4, 2, OperatorHarness.QUICK),
        metrics.registry(), metrics);
  }

  @Test
  void onlyTheLeaseHolderReconciles() throws Exception {
    PrometheusMetrics firstMetrics = new PrometheusMetrics();
    PrometheusMetrics secondMetrics = new PrometheusMetrics();
    EmbeddedApi.answerAccessReviews(server);
    OperatorHarness resources = new OperatorHarness(client);
    try (OperatorRuntime first = replica("replica-a", firstMetrics); OperatorRuntime second = replica("replica-b", secondMetrics)) {
      // An invalid spec: reconciled once, no host needed, so each reconcile is counted exactly.
      resources.apply(com.torrust.operator.Specs.MINIMAL.replace("[{port: 7070}]", "[{port: 7070}, {port: 7070}]"));
      resources.await("demo", Duration.ofSeconds(30), "Stalled=True from the leader", r -> is(r, "Stalled", "True"));
      Thread.sleep(3_000);

      Lease lease = client.leases().inNamespace(OperatorHarness.NAMESPACE).withName("tracker-operator").get();
      assertThat(lease).isNotNull();
      String holder = lease.getSpec().getHolderIdentity();
      assertThat(holder).isIn("replica-a", "replica-b");
      long a = OperatorHarness.reconciles(firstMetrics);
      long b = OperatorHarness.reconciles(secondMetrics);
      assertThat(holder.equals("replica-a") ? a : b).as("the leader reconciled").isEqualTo(1);
      assertThat(holder.equals("replica-a") ? b : a).as("the standby did not").isZero();
      assertThat(first.leading()).isEqualTo(holder.equals("replica-a"));
      assertThat(second.leading()).isEqualTo(holder.equals("replica-b"));
      assertThat(first.ready() && second.ready()).as("the standby is ready too (rolling updates must not wait on it)").isTrue();
    }
  }
}
