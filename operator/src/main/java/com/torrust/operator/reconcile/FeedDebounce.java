package com.torrust.operator.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * When a host's change feed may start a reconcile. A crash-looping container changes the host every
 * few seconds; each change starting a full reconcile (and Events) at once would keep the operator and
 * the host busy for nothing. The first change after a quiet spell starts one at once; changes that
 * keep coming wait for a gap that doubles up to {@link #MAX_GAP}; a change inside a gap is never
 * dropped, it is deferred to the gap's end (one deferred reconcile however many changes came). Pure.
 *
 * @param nextAllowed when the next reconcile may start
 * @param gap the gap after the next one
 * @param deferred whether a reconcile is already waiting for nextAllowed
 */
record FeedDebounce(Instant nextAllowed, Duration gap, boolean deferred) {

  static final Duration MIN_GAP = Duration.ofSeconds(2);
  static final Duration MAX_GAP = Duration.ofMinutes(5);

  /** What to do about one change. */
  record Decision(boolean now, Instant deferTo, FeedDebounce next) {}

  static FeedDebounce initial() {
    return new FeedDebounce(Instant.MIN, MIN_GAP, false);
  }

  /** A change was seen at {@code at}. */
  Decision changed(Instant at) {
    if (deferred) {
      return new Decision(false, null, this); // the waiting reconcile will see this change too
    }
    if (!at.isBefore(nextAllowed)) {
      // Quiet for a while (more than the current gap past its end): back to the shortest gap.
      Duration nextGap = nextAllowed.equals(Instant.MIN) || at.isAfter(nextAllowed.plus(gap)) ? MIN_GAP : doubled(gap);
      return new Decision(true, null, new FeedDebounce(at.plus(nextGap), nextGap, false));
    }
    return new Decision(false, nextAllowed, new FeedDebounce(nextAllowed, gap, true));
  }

  /** The deferred reconcile started at {@code at}. */
  FeedDebounce fired(Instant at) {
    Duration nextGap = doubled(gap);
    return new FeedDebounce(at.plus(nextGap), nextGap, false);
  }

  private static Duration doubled(Duration gap) {
    Duration twice = gap.multipliedBy(2);
    return twice.compareTo(MAX_GAP) > 0 ? MAX_GAP : twice;
  }
}
