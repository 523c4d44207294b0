package com.torrust.operator.reconcile;

import static com.torrust.operator.reconcile.OperatorHarness.NAMESPACE;
import static com.torrust.operator.reconcile.OperatorHarness.condition;
import static com.torrust.operator.reconcile.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.TrackerDeployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's life cycle where no host answers: backoff, invalid specs, pause, detach. The host
 * address is the local machine on a port nobody listens on, so every connection is refused at once.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorLifecycleTest {

  KubernetesClient client;
  OperatorHarness operator;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    operator = new OperatorHarness(client, OperatorHarness.QUICK);
    operator.newSshKeySecret(dir);
  }

  @AfterEach
  void stop() {
    operator.close();
  }

  private static String unreachable(String extra) {
    return com.torrust.operator.Specs.MINIMAL.replace("address: 203.0.113.10", "address: 127.0.0.1\n    sshPort: 1") + extra;
  }

  private long reconciles(String result) {
    return operator.metrics.registry().find("tracker_operator_reconcile").tag("result", result).timers().stream().mapToLong(Timer::count).sum();
  }

  @Test
  void anUnreachableHostIsReportedAndRetriedWithBackoffNotInAHotLoop() throws Exception {
    operator.apply(unreachable("  resyncInterval: 10s\n"));

    TrackerDeployment down = operator.await("demo", Duration.ofSeconds(20), "HostReachable=False", r -> is(r, "HostReachable", "False"));
    assertThat(condition(down, "HostReachable").orElseThrow().reason()).isEqualTo("HostUnreachable");
    assertThat(condition(down, "Ready").orElseThrow().status()).isEqualTo("False");
    assertThat(condition(down, "Stalled")).as("unreachable may heal by itself: not stalled").isEmpty();
    assertThat(operator.eventReasons()).contains("HostUnreachable");
    long first = reconciles("HostUnreachable");
    Thread.sleep(12_000);

    // Backoff 1 s, 2 s, 4 s, then the 4 s cap (QUICK settings), with up to 10 % jitter: at most 5 more in 12 s.
    long attempts = reconciles("HostUnreachable") - first;
    assertThat(attempts).as("attempts in 12 s").isBetween(2L, 5L);
    assertThat(operator.events().stream().filter(e -> "HostUnreachable".equals(e.getReason())).count())
        .as("one event per transition, not per attempt").isEqualTo(1);
    String metrics = operator.metrics.scrape();
    assertThat(metrics).as("an unknown count is not 0 findings").contains("tracker_operator_drift_findings{name=\"demo\",namespace=\"trackers\"} NaN")
        .contains("tracker_operator_condition{name=\"demo\",namespace=\"trackers\",status=\"False\",type=\"HostReachable\"} 1.0")
        .as("only the status a condition has now").doesNotContain("status=\"True\",type=\"HostReachable\"")
        .doesNotContain("status=\"Unknown\",type=\"HostReachable\"")
        .contains("tracker_operator_condition{name=\"demo\",namespace=\"trackers\",status=\"False\",type=\"Ready\"} 1.0")
        .as("a histogram: buckets that aggregate across resources").contains("tracker_operator_reconcile_seconds_bucket{");
  }

  @Test
  void retriesAfterAFailureKeepTheFailureInStatusWithoutFlappingReconciling() throws Exception {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch = operator.client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).watch(new io.fabric8.kubernetes.client.Watcher<>() {
      @Override
      public void eventReceived(Action action, TrackerDeployment resource) {
        if (resource.getStatus() != null && resource.getStatus().conditions() != null) {
          seen.add(resource.getStatus().conditions().stream().map(c -> c.type() + "=" + c.status())
              .collect(java.util.stream.Collectors.joining(",")));
        }
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
    })) {
      // Pinned, so each attempt reaches the host visit (where a converge marks Reconciling) and fails there.
      operator.apply(unreachable("  resyncInterval: 10s\n").replace("    sshPort: 1", "    sshPort: 1\n    hostKey: SHA256:" + "A".repeat(43)));
      operator.await("demo", Duration.ofSeconds(20), "two failures counted", r -> r.getStatus() != null && r.getStatus().failures() != null
          && r.getStatus().failures().reconcilesOrZero() >= 3);
    }
    int firstFailure = 0;
    while (firstFailure < seen.size() && !seen.get(firstFailure).contains("HostReachable=False")) {
      firstFailure++;
    }
    assertThat(seen.subList(firstFailure, seen.size())).as("every status after the first failure").isNotEmpty()
        .allSatisfy(conditions -> assertThat(conditions).doesNotContain("Reconciling=True").contains("Ready=False"));
  }

  @Test
  void anInvalidSpecIsStalledBeforeAnyHostIsContactedAndNotRetried() throws Exception {
    operator.apply(unreachable("").replace("    httpTrackers: [{port: 7070}]", "    httpTrackers: [{port: 7070}, {port: 7070}]"));

    TrackerDeployment stalled = operator.await("demo", Duration.ofSeconds(20), "Stalled=True", r -> is(r, "Stalled", "True"));
    assertThat(condition(stalled, "Stalled").orElseThrow().reason()).isEqualTo("InvalidSpec");
    assertThat(condition(stalled, "Stalled").orElseThrow().message()).contains("spec.tracker");
    assertThat(condition(stalled, "HostReachable")).as("no host was contacted").isEmpty();
    Thread.sleep(5_000);
    assertThat(reconciles("InvalidSpec")).as("not retried until the spec changes").isEqualTo(1);
    assertThat(operator.eventReasons()).containsOnlyOnce("InvalidSpec");
  }

  @Test
  void theRequestedAtAnnotationStartsAReconcileNowAndStatusShowsItWasHandled() throws Exception {
    operator.apply(unreachable("").replace("    httpTrackers: [{port: 7070}]", "    httpTrackers: [{port: 7070}, {port: 7070}]"));
    operator.await("demo", Duration.ofSeconds(20), "Stalled=True", r -> is(r, "Stalled", "True"));
    assertThat(reconciles("InvalidSpec")).as("an invalid spec is not retried by itself").isEqualTo(1);

    operator.client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName("demo").edit(r -> {
      r.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of(Annotations.REQUESTED_AT, "2026-11-30T10:00:00Z")));
      return r;
    });

    operator.await("demo", Duration.ofSeconds(20), "status.lastHandledReconcileAt showing the request",
        r -> "2026-11-30T10:00:00Z".equals(r.getStatus().lastHandledReconcileAt()));
    assertThat(reconciles("InvalidSpec")).as("looked at again on request").isEqualTo(2);
  }

  @Test
  void aMissingSecretIsNamedAndTheSecretWatchRetries() throws Exception {
    operator.apply(unreachable("").replace("    httpTrackers: [{port: 7070}]\n",
        "    httpTrackers: [{port: 7070}]\n    httpApi: {adminTokenSecretRef: {name: api-token, key: token}}\n"));

    TrackerDeployment waiting = operator.await("demo", Duration.ofSeconds(20), "Ready=False SecretNotFound",
        r -> condition(r, "Ready").map(c -> c.reason().equals("SecretNotFound")).orElse(false));
    assertThat(condition(waiting, "Ready").orElseThrow().message()).contains("api-token", "token");

    operator.secret("api-token", Map.of("token", "a-token-value"));

    operator.await("demo", Duration.ofSeconds(20), "the Secret's creation started a reconcile that reached for the host",
        r -> is(r, "HostReachable", "False"));
  }

  @Test
  void aResourceWhoseHostKeyWasNeverConfirmedIsDeletedWithoutContactingTheHost() throws Exception {
    operator.apply(unreachable("  deletionPolicy: StopServices\n"));
    operator.await("demo", Duration.ofSeconds(20), "HostReachable=False", r -> is(r, "HostReachable", "False"));

    operator.client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName("demo").delete();

    operator.awaitGone("demo", Duration.ofSeconds(20), "deleted at once: nothing was ever written to the host");
    assertThat(operator.eventReasons()).doesNotContain("CleanupFailed");
  }

  @Test
  void aConfirmedHostKeyThatIsNoKeyIsAnInvalidSpecNamingTheAnnotation() throws Exception {
    operator.apply(unreachable("").replace("  name: demo\n", "  name: demo\n  annotations: {tracker.torrust.com/host-key: \"yes please\"}\n"));

    TrackerDeployment stalled = operator.await("demo", Duration.ofSeconds(20), "Stalled=True InvalidSpec",
        r -> condition(r, "Stalled").map(c -> c.reason().equals("InvalidSpec")).orElse(false));
    assertThat(condition(stalled, "Stalled").orElseThrow().message()).contains("annotation tracker.torrust.com/host-key", "SHA256:");
    assertThat(condition(stalled, "HostReachable")).as("no host was contacted").isEmpty();
  }

  @Test
  void aLinkLocalHostAddressIsRefusedBeforeAnyConnection() throws Exception {
    operator.apply(unreachable("").replace("address: 127.0.0.1", "address: 169.254.169.254"));

    TrackerDeployment refused = operator.await("demo", Duration.ofSeconds(20), "Stalled=True AddressNotAllowed",
        r -> condition(r, "Stalled").map(c -> c.reason().equals("AddressNotAllowed")).orElse(false));
    assertThat(condition(refused, "Ready").orElseThrow().message()).contains("169.254.169.254", "link-local", "nothing was sent");
  }

  @Test
  void aPausedResourceIsLeftAloneUntilTheAnnotationGoes() throws Exception {
    operator.apply(unreachable("").replace("  name: demo\n", "  name: demo\n  annotations: {tracker.torrust.com/paused: \"true\"}\n"));
    TrackerDeployment paused = operator.await("demo", Duration.ofSeconds(20), "Paused=True", r -> is(r, "Paused", "True"));
    assertThat(condition(paused, "Paused").orElseThrow().reason()).isEqualTo(Reasons.PAUSED_BY_ANNOTATION);
    assertThat(paused.getStatus().conditions()).as("nothing was looked at: only the pause is said").extracting(c -> c.type())
        .containsExactly("Paused");
    assertThat(operator.eventReasons()).containsExactly("Paused");
    assertThat(operator.metrics.scrape()).contains("tracker_operator_paused{name=\"demo\",namespace=\"trackers\"} 1.0");
    String version = paused.getMetadata().getResourceVersion();
    Thread.sleep(3_000);
    assertThat(operator.get("demo").getMetadata().getResourceVersion()).as("written once, not on every look").isEqualTo(version);

    operator.client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName("demo")
        .edit(r -> {
          r.getMetadata().getAnnotations().remove(Annotations.PAUSED);
          return r;
        });

    TrackerDeployment resumed = operator.await("demo", Duration.ofSeconds(20), "reconciled after the pause", r -> is(r, "HostReachable", "False"));
    assertThat(condition(resumed, "Paused")).isEmpty();
    assertThat(operator.eventReasons()).contains("Resumed");
    assertThat(operator.metrics.scrape()).contains("tracker_operator_paused{name=\"demo\",namespace=\"trackers\"} 0.0");
  }

  @Test
  void cleanupOfAGoneHostIsBoundedAndTheDetachAnnotationLetsTheResourceGo() throws Exception {
    // Pinned: a host whose key was never confirmed was never written to, and its deletion skips the host.
    operator.apply(unreachable("  deletionPolicy: StopServices\n").replace("    sshPort: 1", "    sshPort: 1\n    hostKey: SHA256:"
        + "A".repeat(43)));
    operator.await("demo", Duration.ofSeconds(20), "HostReachable=False", r -> is(r, "HostReachable", "False"));

    operator.client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName("demo").delete();

    TrackerDeployment stuck = operator.await("demo", Duration.ofSeconds(30), "Stalled=True CleanupFailed after the bounded attempts",
        r -> condition(r, "Stalled").map(c -> c.reason().equals("CleanupFailed")).orElse(false));
    assertThat(condition(stuck, "Stalled").orElseThrow().message()).contains(Annotations.DETACH);
    assertThat(operator.events().stream().filter(e -> "CleanupFailed".equals(e.getReason())).count()).isEqualTo(2);

    operator.client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName("demo")
        .edit(r -> {
          r.getMetadata().getAnnotations().put(Annotations.DETACH, "true");
          return r;
        });

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (operator.get("demo") != null && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertThat(operator.get("demo")).as("detached: finalizer removed without cleanup").isNull();
  }
}
