package com.torrust.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedDebounceTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  @Test
  void theFirstChangeAfterAQuietSpellReconcilesAtOnce() {
    FeedDebounce.Decision first = FeedDebounce.initial().changed(T0);

    assertThat(first.now()).isTrue();
    assertThat(first.next().nextAllowed()).isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void changesThatKeepComingAreDeferredOnceAndTheGapDoublesUpToItsCap() {
    FeedDebounce state = FeedDebounce.initial().changed(T0).next();
    int immediate = 0;
    int deferred = 0;
    Instant at = T0;
    // A container restarting every second for an hour.
    for (int second = 1; second < 3600; second++) {
      at = T0.plusSeconds(second);
      if (state.deferred() && !at.isBefore(state.nextAllowed())) {
        state = state.fired(at);
        deferred++;
      }
      FeedDebounce.Decision d = state.changed(at);
      immediate += d.now() ? 1 : 0;
      state = d.next();
    }

    assertThat(immediate).isZero();
    assertThat(deferred).as("reconciles in an hour of constant change").isBetween(10, 20);
    assertThat(state.gap()).isEqualTo(FeedDebounce.MAX_GAP);
  }

  @Test
  void aChangeInsideAGapIsNeverDropped() {
    FeedDebounce state = FeedDebounce.initial().changed(T0).next();

    FeedDebounce.Decision inside = state.changed(T0.plusSeconds(1));
    FeedDebounce.Decision again = inside.next().changed(T0.plusMillis(1500));

    assertThat(inside.now()).isFalse();
    assertThat(inside.deferTo()).isEqualTo(T0.plusSeconds(2));
    assertThat(again.deferTo()).as("already deferred: one reconcile for both").isNull();
  }

  @Test
  void aQuietSpellResetsTheGap() {
    FeedDebounce busy = new FeedDebounce(T0, Duration.ofMinutes(5), false);

    FeedDebounce.Decision later = busy.changed(T0.plus(Duration.ofMinutes(11)));

    assertThat(later.now()).isTrue();
    assertThat(later.next().gap()).isEqualTo(FeedDebounce.MIN_GAP);
  }
}
