package com.torrust.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.Condition;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.api.Protocol;
import com.torrust.operator.api.TrackerDeploymentStatus;
import com.torrust.operator.drift.DriftKind;
import com.torrust.operator.drift.Finding;
import com.torrust.operator.drift.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StatusCalculatorTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-22T10:05:00Z");
  private static final Finding ROGUE = new Finding(DriftKind.UnexpectedPublicPort, Severity.Critical, 3306, Protocol.TCP, "0.0.0.0", "rogue-db", "MySQL is public");
  private static final HostStatus HOST = new HostStatus("ssh-ed25519 AAAA", "SHA256:x", "Debian 12", "20.10", "1.29.2", "0.36.2");

  private static Outcome.Observed observed(List<Finding> drift) {
    return new Outcome.Observed(HOST, List.of(), drift, true, true, true, List.of(), "hash-1", null, List.of());
  }

  private static Map<String, Condition> byType(TrackerDeploymentStatus status) {
    return status.conditions().stream().collect(Collectors.toMap(Condition::type, c -> c));
  }

  @Test
  void aConvergedHostIsReadyAndNotDriftedAndNeverReconcilingOrStalled() {
    TrackerDeploymentStatus status = StatusCalculator.next(null, 3, observed(List.of()), T0);

    Map<String, Condition> c = byType(status);
    assertThat(status.observedGeneration()).isEqualTo(3);
    assertThat(c.get("Ready").status()).isEqualTo("True");
    assertThat(c.get("Ready").reason()).isEqualTo("Converged");
    assertThat(c.get("Drifted").status()).isEqualTo("False");
    assertThat(c.get("Drifted").reason()).isEqualTo("NoDriftDetected");
    assertThat(c).doesNotContainKeys("Reconciling", "Stalled");
    assertThat(c.values()).allSatisfy(x -> assertThat(x.observedGeneration()).isEqualTo(3));
  }

  @Test
  void theSameOutcomeGivesAnEqualStatusSoNothingIsPatchedOnAPoll() {
    TrackerDeploymentStatus first = StatusCalculator.next(null, 1, observed(List.of(ROGUE)), T0);

    TrackerDeploymentStatus later = StatusCalculator.next(first, 1, observed(List.of(ROGUE)), T1);

    assertThat(later).isEqualTo(first);
    assertThat(later.drift().get(0).since()).isEqualTo("2026-11-22T10:00:00Z");
  }

  @Test
  void aStatusReadBackFromTheApiEqualsTheNextOneForTheSameOutcome() {
    // The reconciler compares the next status with the one in the informer cache, which came as JSON.
    io.fabric8.kubernetes.client.utils.KubernetesSerialization json = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
    for (List<Finding> drift : List.of(List.<Finding>of(), List.of(ROGUE))) {
      TrackerDeploymentStatus written = StatusCalculator.next(null, 1, observed(drift), T0);
      TrackerDeploymentStatus stored = json.unmarshal(json.asJson(written), TrackerDeploymentStatus.class);

      assertThat(StatusCalculator.next(stored, 1, observed(drift), T1)).isEqualTo(stored);
    }
  }

  @Test
  void aStatusStoredWithoutItsEmptyListsNeedsNoWrite() {
    TrackerDeploymentStatus next = StatusCalculator.next(null, 1, observed(List.of()), T0);
    TrackerDeploymentStatus stored = new TrackerDeploymentStatus(next.observedGeneration(), next.conditions(), next.host(), null, null,
        next.lastAppliedHash());

    assertThat(next.drift()).isEmpty();
    assertThat(StatusWriter.same(stored, next)).isTrue();
    assertThat(StatusWriter.same(stored, StatusCalculator.next(stored, 1, observed(List.of(ROGUE)), T1))).isFalse();
  }

  @Test
  void transitionTimesChangeOnlyWhenAStatusFlips() {
    TrackerDeploymentStatus clean = StatusCalculator.next(null, 1, observed(List.of()), T0);

    TrackerDeploymentStatus drifted = StatusCalculator.next(clean, 1, observed(List.of(ROGUE)), T1);

    Map<String, Condition> c = byType(drifted);
    assertThat(c.get("Drifted").status()).isEqualTo("True");
    assertThat(c.get("Drifted").reason()).isEqualTo("DriftDetected");
    assertThat(c.get("Drifted").lastTransitionTime()).isEqualTo("2026-11-22T10:05:00Z");
    assertThat(c.get("Ready").status()).isEqualTo("False");
    assertThat(c.get("HostReachable").lastTransitionTime()).as("unchanged condition").isEqualTo("2026-11-22T10:00:00Z");
    assertThat(drifted.drift()).extracting(d -> d.kind() + " " + d.port() + "/" + d.protocol() + " " + d.source())
        .containsExactly("UnexpectedPublicPort 3306/TCP rogue-db");
  }

  @Test
  void anInvalidSpecStallsAndKeepsWhatWasKnownOfTheHost() {
    TrackerDeploymentStatus before = StatusCalculator.next(null, 1, observed(List.of()), T0);

    TrackerDeploymentStatus invalid = StatusCalculator.next(before, 2, new Outcome.InvalidSpec("spec.host.sshPort: must be at most 65535"), T1);

    Map<String, Condition> c = byType(invalid);
    assertThat(c.get("Ready").status()).isEqualTo("False");
    assertThat(c.get("Ready").reason()).isEqualTo("InvalidSpec");
    assertThat(c.get("Stalled").status()).isEqualTo("True");
    assertThat(c.get("Stalled").message()).contains("spec.host.sshPort");
    assertThat(invalid.observedGeneration()).isEqualTo(2);
    assertThat(invalid.host()).isEqualTo(HOST);
  }

  @Test
  void aHostKeyMismatchStallsButAnUnreachableHostOnlyWaits() {
    TrackerDeploymentStatus mismatch = StatusCalculator.next(null, 1, new Outcome.HostProblem("HostKeyMismatch", "other key", true), T0);
    TrackerDeploymentStatus unreachable = StatusCalculator.next(null, 1, new Outcome.HostProblem("HostUnreachable", "timeout", false), T0);

    assertThat(byType(mismatch).get("Stalled").reason()).isEqualTo("HostKeyMismatch");
    assertThat(byType(unreachable)).doesNotContainKey("Stalled");
    assertThat(byType(unreachable).get("HostReachable").status()).isEqualTo("False");
    assertThat(byType(unreachable).get("Ready").reason()).isEqualTo("HostUnreachable");
  }

  @Test
  void reconcilingIsAddedWhileWorkingAndDroppedWithTheResult() {
    TrackerDeploymentStatus working = StatusCalculator.reconciling(null, 1, "Converging the host", T0);

    assertThat(byType(working).get("Reconciling").status()).isEqualTo("True");
    assertThat(byType(working).get("Ready").status()).as("Ready is present from the first reconcile").isEqualTo("Unknown");
    assertThat(byType(StatusCalculator.next(working, 1, observed(List.of()), T1))).doesNotContainKey("Reconciling");
  }

  @Test
  void aConvergeErrorKeepsTheResourceNotReady() {
    TrackerDeploymentStatus failed = StatusCalculator.next(null, 1,
        new Outcome.Observed(HOST, List.of(), List.of(), true, true, false, List.of(), null, "Services: compose up failed", List.of()), T0);

    assertThat(byType(failed).get("Ready").reason()).isEqualTo("ConvergeFailed");
    assertThat(byType(failed).get("ServicesConverged").status()).isEqualTo("False");
  }

  @Test
  void statusIsBoundedWhateverTheHostShows() {
    // An unprivileged user on the host opened thousands of ports, one with a very long process name.
    List<Finding> many = new java.util.ArrayList<>();
    for (int port = 10000; port < 13000; port++) {
      many.add(new Finding(DriftKind.UnexpectedPublicPort, Severity.Critical, port, Protocol.TCP, "0.0.0.0", "p".repeat(5000), "x".repeat(5000)));
    }

    TrackerDeploymentStatus status = StatusCalculator.next(null, 1, observed(many), T0);

    assertThat(status.drift()).hasSize(com.torrust.operator.api.DriftFinding.MAX_ITEMS);
    assertThat(status.drift().get(49).kind()).isEqualTo("MoreFindings");
    assertThat(status.drift().get(49).message()).startsWith("2951 more findings are not listed here");
    assertThat(status.drift()).allSatisfy(d -> {
      assertThat(d.message().length()).isLessThanOrEqualTo(com.torrust.operator.api.DriftFinding.MAX_MESSAGE);
      assertThat(d.source() == null ? 0 : d.source().length()).isLessThanOrEqualTo(com.torrust.operator.api.DriftFinding.MAX_SOURCE);
    });
    assertThat(byType(status).get("Ready").message()).startsWith("3000 differences from the spec");
  }
}
