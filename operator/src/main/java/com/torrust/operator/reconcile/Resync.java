package com.torrust.operator.reconcile;

import java.time.Duration;
import java.util.Optional;

/**
 * When a resource is looked at next. Each resource keeps its own clock (no full sweep that starves
 * new resources behind old ones); jitter spreads resources created together; a host that does not
 * answer is retried with a capped exponential backoff, never in a hot loop; an invalid spec waits for
 * its next change.
 */
public final class Resync {

  private Resync() {}

  /**
   * @param failures consecutive failed reconciles of this resource, this one included
   * @param random a number in [0, 1) for the jitter
   */
  public static Optional<Duration> after(Outcome outcome, Duration interval, int failures, double random, ReconcileSettings settings) {
    if (outcome instanceof Outcome.InvalidSpec) {
      return Optional.empty();
    }
    if (outcome instanceof Outcome.Observed observed && observed.convergeError() == null) {
      if (!observed.servicesStarting().isEmpty()) {
        return Optional.of(settings.startingRecheck());
      }
      return Optional.of(jittered(interval, random, settings.jitter()));
    }
    if (outcome instanceof Outcome.HostProblem problem && problem.stalled()) {
      // Retrying cannot help until a person acts (the spec or Secret change triggers a reconcile);
      // the usual interval notices a fix made on the host side.
      return Optional.of(jittered(interval, random, settings.jitter()));
    }
    if (outcome instanceof Outcome.Provisioning provisioning) {
      return Optional.of(provisioning.stalled() ? jittered(interval, random, settings.jitter())
          : jittered(provisioning.recheck(), random, settings.jitter()));
    }
    if (outcome instanceof Outcome.SecretsMissing || outcome instanceof Outcome.HostKeyUnconfirmed) {
      return Optional.of(jittered(interval, random, settings.jitter()));
    }
    return Optional.of(backoff(interval, failures, random, settings));
  }

  /** base * 2^(failures-1), at most the cap and never more than the resync interval, with jitter. */
  static Duration backoff(Duration interval, int failures, double random, ReconcileSettings settings) {
    Duration cap = settings.backoffCap().compareTo(interval) < 0 ? settings.backoffCap() : interval;
    Duration delay = settings.backoffBase();
    for (int i = 1; i < failures && delay.compareTo(cap) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    if (delay.compareTo(cap) > 0) {
      delay = cap;
    }
    return jittered(delay, random, settings.jitter());
  }

  static Duration jittered(Duration base, double random, double jitter) {
    return base.plusMillis((long) (base.toMillis() * jitter * random));
  }
}
