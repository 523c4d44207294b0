package com.torrust.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.Condition;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.api.TrackerDeploymentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every kind of outcome against a previous status: the conditions and the Events that follow. The
 * samples cover each kind of {@link Outcome}; adding a kind without a row here fails the coverage test.
 */
class StatusTableTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-30T10:05:00Z");
  private static final HostStatus HOST = new HostStatus("ssh-ed25519 AAAA", "SHA256:x", "Debian 12", "20.10", "1.29.2", "0.36.2");

  private static Outcome.Observed converged() {
    return Outcome.Observed.of(HOST, List.of(), List.of(), true, List.of(), "hash-1", null);
  }

  /** outcome -> Ready status, Ready reason, Stalled reason (or null), Reconciling reason (or null), Events after a Ready=True status. */
  private record Row(Outcome outcome, String ready, String reason, String stalled, String reconciling, List<String> events) {}

  private static final List<Row> TABLE = List.of(
      new Row(converged(), Condition.TRUE, "Converged", null, null, List.of()),
      new Row(converged().withRefusals(List.of("the firewall was left alone: this connection comes from 198.51.100.7")), Condition.FALSE,
          "ConvergeRefused", null, null, List.of("ConvergeRefused")),
      new Row(Outcome.Observed.of(HOST, List.of(), List.of(), true, List.of(), null, "Services: compose up failed"), Condition.FALSE,
          "ConvergeFailed", null, null, List.of("ConvergeFailed")),
      new Row(Outcome.Observed.of(HOST, List.of(), List.of(), true, List.of("tracker (starting)"), "hash-1", null), Condition.FALSE,
          "ServicesStarting", null, "ServicesStarting", List.of()),
      new Row(new Outcome.InvalidSpec("spec.host.user: bad"), Condition.FALSE, "InvalidSpec", "InvalidSpec", null, List.of("InvalidSpec")),
      new Row(new Outcome.SecretsMissing("Not found: Secret x key y."), Condition.FALSE, "SecretNotFound", null, null, List.of("SecretNotFound")),
      new Row(new Outcome.SecretsMissing(Reasons.SECRET_NOT_ALLOWED, "Secret x is not marked"), Condition.FALSE, "SecretNotAllowed", null, null,
          List.of("SecretNotAllowed")),
      new Row(new Outcome.ReconcileError("The reconcile failed unexpectedly (KubernetesClientException)"), Condition.FALSE, "ReconcileError",
          null, null, List.of("ReconcileError")),
      new Row(new Outcome.HostProblem("HostUnreachable", "cannot connect", false), Condition.FALSE, "HostUnreachable", null, null,
          List.of("HostUnreachable")),
      new Row(new Outcome.HostProblem("HostClaimed", "claimed by another", true), Condition.FALSE, "HostClaimed", "HostClaimed", null,
          List.of("HostClaimed")),
      new Row(new Outcome.HostKeyUnconfirmed("ssh-ed25519 BBBB", "SHA256:y", "First contact"), Condition.FALSE, "HostKeyUnconfirmed",
          "HostKeyUnconfirmed", null, List.of("HostKeyUnconfirmed")),
      new Row(new Outcome.Provisioning("WaitingForSsh", "booting", false, Duration.ofSeconds(10)), Condition.FALSE, "WaitingForSsh", null,
          "WaitingForSsh", List.of()), // progress, not news
      new Row(new Outcome.Provisioning("CloudInitFailed", "errors", true, null), Condition.FALSE, "CloudInitFailed", "CloudInitFailed", null,
          List.of("CloudInitFailed")));

  private static Optional<Condition> condition(TrackerDeploymentStatus status, String type) {
    return status.conditions().stream().filter(c -> c.type().equals(type)).findFirst();
  }

  @Test
  void eachOutcomeAfterAReadyHostGivesItsConditionsAndEvents() {
    TrackerDeploymentStatus ready = StatusCalculator.next(null, 1, converged(), T0);
    for (Row row : TABLE) {
      TrackerDeploymentStatus next = StatusCalculator.next(ready, 1, row.outcome(), T1);
      String what = row.outcome().getClass().getSimpleName() + " " + row.reason();
      assertThat(condition(next, "Ready").map(Condition::status)).as(what).contains(row.ready());
      assertThat(condition(next, "Ready").map(Condition::reason)).as(what).contains(row.reason());
      assertThat(condition(next, "Stalled").map(Condition::reason)).as(what + " Stalled").isEqualTo(Optional.ofNullable(row.stalled()));
      assertThat(condition(next, "Reconciling").map(Condition::reason)).as(what + " Reconciling")
          .isEqualTo(Optional.ofNullable(row.reconciling()));
      assertThat(StatusEvents.between(ready, next)).extracting(StatusEvent::reason).as(what + " Events")
          .containsAll(row.events()).allMatch(r -> row.events().contains(r) || r.equals("HostUnreachable") || r.equals("HostReachable"));
      // The same outcome again changes nothing and tells nothing new.
      TrackerDeploymentStatus again = StatusCalculator.next(next, 1, row.outcome(), T1.plusSeconds(60));
      assertThat(again.conditions()).as(what + " again").isEqualTo(next.conditions());
      assertThat(StatusEvents.between(next, again)).as(what + " again: no Event").isEmpty();
    }
  }

  @Test
  void everyKindOfOutcomeHasARowAndAStatusAndANextLook() {
    Set<Class<?>> kinds = Arrays.stream(Outcome.class.getPermittedSubclasses()).collect(Collectors.toSet());
    Set<Class<?>> covered = TABLE.stream().map(r -> r.outcome().getClass()).collect(Collectors.toSet());
    assertThat(covered).as("a new kind of Outcome needs rows in this table").containsExactlyInAnyOrderElementsOf(kinds);
    for (Row row : TABLE) {
      if (!(row.outcome() instanceof Outcome.InvalidSpec)) {
        assertThat(Resync.after(row.outcome(), Duration.ofMinutes(5), 1, 0.5, ReconcileSettings.DEFAULTS)).as(row.reason()).isPresent();
      }
    }
    assertThat(Resync.after(new Outcome.InvalidSpec("x"), Duration.ofMinutes(5), 1, 0.5, ReconcileSettings.DEFAULTS))
        .as("an invalid spec waits for its change").isEmpty();
  }

  @Test
  void readyIsTheFirstApplicableReasonOfThePriorityList() {
    assertThat(StatusCalculator.READY_RULES.stream().map(r -> r.reason()).toList())
        .containsExactly("ConvergeFailed", "ConvergeRefused", "ServicesStarting", "DriftDetected", "NotConverged");
    Outcome.Observed failedAndRefused = Outcome.Observed.of(HOST, List.of(), List.of(), true, List.of("tracker (starting)"), null, "boom")
        .withRefusals(List.of("left alone"));
    Map<String, String> reasons = StatusCalculator.next(null, 1, failedAndRefused, T0).conditions().stream()
        .collect(Collectors.toMap(Condition::type, Condition::reason));
    assertThat(reasons.get("Ready")).isEqualTo("ConvergeFailed");
  }
}
