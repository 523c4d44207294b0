package com.torrust.operator.reconcile;

import static com.torrust.operator.reconcile.OperatorHarness.NAMESPACE;
import static com.torrust.operator.reconcile.OperatorHarness.condition;
import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.TrackerDeployment;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unexpected errors end in status, and the failure counts live in status: an API error injected at each
 * step of a reconcile (the generated Secret, the status write; the mock server answers 500 once, or until the expectation is cleared) ends in Ready=False with
 * ReconcileError, counted; a cleanup's attempts go on counting across an operator restart.
 */
@EnableKubernetesMockClient(crud = true)
class ErrorStatusTest {

  private static final String PIN = "SHA256:" + "A".repeat(43);

  KubernetesClient client;
  KubernetesMockServer server;
  OperatorHarness operator;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    new OperatorHarness(client).newSshKeySecret(dir);
  }

  @AfterEach
  void stop() {
    server.clearExpectations();
    if (operator != null) {
      operator.close();
    }
  }

  private static String unreachable(String extra) {
    return com.torrust.operator.Specs.MINIMAL.replace("address: 203.0.113.10", "address: 127.0.0.1\n    sshPort: 1\n    hostKey: " + PIN) + extra;
  }

  /**
   * The mock server answers the injected 500 for as long as the expectation stands (and cannot be told
   * "once"), so the expectation is cleared as soon as the first failure is counted: the next attempt
   * comes after the backoff (1 s here).
   */
  private TrackerDeployment awaitReconcileErrorThenRecovery() throws InterruptedException {
    // The client retries a 500 with exponential backoff before the reconcile sees the error: about 30 s
    // when this test runs first in its JVM.
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (reconcileErrors() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    server.clearExpectations();
    assertThat(reconcileErrors()).as("counted in the metric").isPositive();
    TrackerDeployment failed = operator.await("demo", Duration.ofSeconds(5), "Ready=False ReconcileError",
        r -> condition(r, "Ready").map(c -> c.reason().equals("ReconcileError")).orElse(false));
    assertThat(condition(failed, "Ready").orElseThrow().message()).startsWith("The reconcile failed unexpectedly (KubernetesClientException");
    assertThat(failed.getStatus().failures().reconciles()).isPositive();
    assertThat(operator.eventReasons()).contains("ReconcileError");
    return failed;
  }

  @Test
  void anApiErrorCreatingTheGeneratedSecretEndsInStatus() throws Exception {
    server.expect().post().withPath("/api/v1/namespaces/" + NAMESPACE + "/secrets").andReturn(500, "{}").always();
    operator = new OperatorHarness(client, OperatorHarness.QUICK);
    operator.apply(unreachable(""));
    awaitReconcileErrorThenRecovery();
    // Once the API answers again, the next look (with backoff, not after the 10 h default) gets on, still counting.
    TrackerDeployment recovered = operator.await("demo", Duration.ofSeconds(30), "recovered: the host is reached for",
        r -> condition(r, "HostReachable").map(c -> c.reason().equals("HostUnreachable")).orElse(false));
    assertThat(recovered.getStatus().failures().reconciles()).as("the error and the host problem, in a row").isGreaterThanOrEqualTo(2);
  }

  @Test
  void aFailedStatusWriteIsCountedAndToldAndTheNextLookComesWithBackoff() throws Exception {
    server.expect().patch().withPath("/apis/tracker.torrust.com/v1alpha1/namespaces/" + NAMESPACE + "/trackerdeployments/demo/status")
        .andReturn(500, "{}").always();
    operator = new OperatorHarness(client, OperatorHarness.QUICK);
    operator.apply(unreachable(""));
    // Status cannot be written at all: the failure shows in the metric, an Event and the log.
    // The client retries a 500 with exponential backoff before the reconcile sees the error: about 30 s
    // when this test runs first in its JVM.
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (reconcileErrors() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertThat(reconcileErrors()).isPositive();
    assertThat(operator.eventReasons()).contains("ReconcileError");
    server.clearExpectations();
    operator.await("demo", Duration.ofSeconds(30), "the next look, with backoff, writes status again",
        r -> r.getStatus() != null && condition(r, "HostReachable").map(c -> c.reason().equals("HostUnreachable")).orElse(false));
  }

  private long reconcileErrors() {
    return operator.metrics.registry().find("tracker_operator_reconcile").tag("result", "ReconcileError").timers().stream()
        .mapToLong(Timer::count).sum();
  }

  @Test
  void cleanupAttemptsAreCountedInStatusAndSurviveAnOperatorRestart() throws Exception {
    // Backoff from 5 s, three attempts: time to restart the operator between the first and the second.
    ReconcileSettings slow = new ReconcileSettings(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(20),
        2, 3, 0.1, Duration.ofSeconds(1));
    operator = new OperatorHarness(client, slow);
    operator.apply(unreachable("  deletionPolicy: StopServices\n"));
    operator.await("demo", Duration.ofSeconds(20), "HostReachable=False", r -> OperatorHarness.is(r, "HostReachable", "False"));
    client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName("demo").delete();
    operator.await("demo", Duration.ofSeconds(20), "the first failed cleanup counted in status",
        r -> r.getStatus().failures() != null && Integer.valueOf(1).equals(r.getStatus().failures().cleanup()));

    operator.close(); // a restart, or a leader change
    operator = new OperatorHarness(client, slow);

    TrackerDeployment stalled = operator.await("demo", Duration.ofSeconds(60), "Stalled=True CleanupFailed after 3 attempts in all",
        r -> condition(r, "Stalled").map(c -> c.reason().equals("CleanupFailed")).orElse(false));
    assertThat(stalled.getStatus().failures().cleanup()).isEqualTo(3);
    assertThat(condition(stalled, "Stalled").orElseThrow().message()).contains("failed 3 times");
    Event first = operator.events().stream().filter(e -> e.getMessage().contains("(attempt 1 of 3)")).findFirst().orElseThrow();
    assertThat(first.getCount()).as("the restart went on at attempt 2, not from 1 again").isEqualTo(1);
    assertThat(operator.events().stream().filter(e -> e.getMessage().contains("(attempt 2 of 3)"))).hasSize(1);
  }
}
