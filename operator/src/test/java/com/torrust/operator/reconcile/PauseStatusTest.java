package com.torrust.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.Condition;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.api.TrackerDeploymentStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A visible pause (pure): Paused=True beside the last look's conditions, Events on both edges, gone once a reconcile runs. */
class PauseStatusTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-30T11:00:00Z");

  private static TrackerDeploymentStatus ready() {
    Outcome.Observed observed = new Outcome.Observed(new HostStatus("ssh-ed25519 AAAA", "SHA256:x", "Debian 12", "20.10", "1.29.2", "0.36.2"),
        List.of(), List.of(), true, true, true, List.of(), "hash", null, List.of());
    return StatusCalculator.next(null, 4, observed, T0);
  }

  @Test
  void pausedKeepsWhatTheLastLookSawAndSaysItIsPaused() {
    TrackerDeploymentStatus before = ready();

    TrackerDeploymentStatus paused = StatusCalculator.paused(before, T1);

    assertThat(paused.conditions()).extracting(Condition::type).endsWith("Paused").contains("Ready", "Drifted", "HostReachable");
    Condition condition = paused.conditions().stream().filter(c -> c.type().equals("Paused")).findFirst().orElseThrow();
    assertThat(condition.status()).isEqualTo(Condition.TRUE);
    assertThat(condition.message()).contains("tracker.torrust.com/paused", "Remove the annotation to resume");
    assertThat(paused.observedGeneration()).isEqualTo(4L);
    assertThat(StatusCalculator.paused(paused, T1.plusSeconds(60))).as("the same status on every look: written once").isEqualTo(paused);
    assertThat(StatusEvents.between(before, paused)).extracting(StatusEvent::reason).containsExactly("Paused");
  }

  @Test
  void aReconcileThatRunsDropsThePauseAndSaysResumed() {
    TrackerDeploymentStatus paused = StatusCalculator.paused(ready(), T1);

    TrackerDeploymentStatus resumed = StatusCalculator.resumed(StatusCalculator.unchanged(paused, 4));

    assertThat(resumed.conditions()).extracting(Condition::type).doesNotContain("Paused");
    assertThat(StatusEvents.between(paused, resumed)).extracting(StatusEvent::reason).containsExactly("Resumed");
  }
}
