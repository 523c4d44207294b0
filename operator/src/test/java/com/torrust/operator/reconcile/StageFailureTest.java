package com.torrust.operator.reconcile;

import static com.torrust.operator.reconcile.OperatorHarness.NAMESPACE;
import static com.torrust.operator.reconcile.OperatorHarness.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.host.HostConnections;
import com.torrust.operator.runtime.PrometheusMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exception at each stage of a reconcile (admission, host claim, Secrets, server, reach, render, first
 * contact, outside prober, visit) ends in status: Ready=False, reason ReconcileError, the message naming what failed,
 * counted in status.failures. The reconciler runs here without the framework: reconcile, then, as JOSDK
 * does when it throws, updateErrorStatus.
 */
@EnableKubernetesMockClient(crud = true)
class StageFailureTest {

  KubernetesClient client;
  @TempDir Path dir;

  @SuppressWarnings("unchecked")
  private Context<TrackerDeployment> context() {
    return (Context<TrackerDeployment>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Context.class},
        (proxy, method, args) -> method.getName().equals("getClient") ? client : null);
  }

  @Test
  void anExceptionAtEachStageEndsInStatus() throws Exception {
    OperatorHarness resources = new OperatorHarness(client);
    resources.newSshKeySecret(dir);
    try (HostConnections connections = new HostConnections(2)) {
      TrackerDeploymentReconciler reconciler = new TrackerDeploymentReconciler(connections, OperatorHarness.QUICK, new PrometheusMetrics(),
          Clock.systemUTC());
      List<Stage> real = reconciler.stages;
      assertThat(real).hasSize(9);
      for (int i = 0; i < real.size(); i++) {
        String name = "demo" + i;
        resources.apply(com.torrust.operator.Specs.MINIMAL.replace("  name: demo\n", "  name: " + name + "\n")
            .replace("address: 203.0.113.10", "address: 127.0.0." + (i + 1) + "\n    sshPort: 1\n    hostKey: SHA256:" + "A".repeat(43)));
        List<Stage> faulty = new ArrayList<>(real);
        int at = i;
        faulty.set(i, attempt -> {
          throw new IllegalStateException("injected at stage " + at);
        });
        reconciler.stages = faulty;
        TrackerDeployment resource = resources.get(name);

        Throwable thrown = catchThrowable(() -> reconciler.reconcile(resource, context()));
        assertThat(thrown).as("stage %d", i).isInstanceOf(IllegalStateException.class);
        reconciler.updateErrorStatus(resources.get(name), context(), (Exception) thrown);

        TrackerDeployment failed = resources.get(name);
        assertThat(condition(failed, "Ready").orElseThrow().reason()).as("stage %d", i).isEqualTo("ReconcileError");
        assertThat(condition(failed, "Ready").orElseThrow().message()).contains("IllegalStateException: injected at stage " + i);
        assertThat(failed.getStatus().failures().reconciles()).isEqualTo(1);
      }
      reconciler.stages = real;
    }
    assertThat(client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).list().getItems()).hasSize(9);
  }
}
