package com.torrust.operator.reconcile;

import java.time.Duration;

/**
 * The reconciler's timing and retry bounds.
 *
 * @param healthWait how long one reconcile waits for services after a converge before it lets go
 *     (the next look comes after {@code startingRecheck})
 * @param backoffBase first delay after a failed reconcile (host unreachable, converge failed)
 * @param backoffCap longest delay between failed attempts (never longer than the resync interval)
 * @param authFailuresBeforeStall consecutive AuthenticationFailed results before Stalled is set
 * @param cleanupAttempts failed cleanups on delete after which the operator stops retrying and waits
 *     for a person (the detach annotation)
 * @param jitter fraction of a delay added at random, to spread resources created together
 * @param changeFeedInterval how often each watched host's change feed looks (see ChangeFeed); zero turns
 *     the feeds off and drift is then seen at the resync interval only
 * @param providers where the cloud APIs are and how long a new server may take to boot
 * @param shard the resources this process handles (a label selector), and so the Secrets it may cache
 */
public record ReconcileSettings(
    Duration healthWait,
    Duration startingRecheck,
    Duration backoffBase,
    Duration backoffCap,
    int authFailuresBeforeStall,
    int cleanupAttempts,
    double jitter,
    Duration changeFeedInterval,
    ProviderSettings providers,
    ProbeSettings probes,
    Shard shard) {

  public ReconcileSettings {
    shard = shard == null ? Shard.ALL : shard;
  }

  public ReconcileSettings(Duration healthWait, Duration startingRecheck, Duration backoffBase, Duration backoffCap, int authFailuresBeforeStall,
      int cleanupAttempts, double jitter, Duration changeFeedInterval, ProviderSettings providers, ProbeSettings probes) {
    this(healthWait, startingRecheck, backoffBase, backoffCap, authFailuresBeforeStall, cleanupAttempts, jitter, changeFeedInterval, providers,
        probes, Shard.ALL);
  }

  public static final ReconcileSettings DEFAULTS = new ReconcileSettings(
      Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofMinutes(5), 3, 5, 0.1, Duration.ofSeconds(2));

  /** With the default provider settings and no outside prober (`run` turns it on with {@link #withProbes}). */
  public ReconcileSettings(Duration healthWait, Duration startingRecheck, Duration backoffBase, Duration backoffCap, int authFailuresBeforeStall,
      int cleanupAttempts, double jitter, Duration changeFeedInterval) {
    this(healthWait, startingRecheck, backoffBase, backoffCap, authFailuresBeforeStall, cleanupAttempts, jitter, changeFeedInterval,
        ProviderSettings.DEFAULTS, ProbeSettings.OFF);
  }

  public ReconcileSettings withProviders(ProviderSettings next) {
    return new ReconcileSettings(healthWait, startingRecheck, backoffBase, backoffCap, authFailuresBeforeStall, cleanupAttempts, jitter,
        changeFeedInterval, next, probes, shard);
  }

  public ReconcileSettings withProbes(ProbeSettings next) {
    return new ReconcileSettings(healthWait, startingRecheck, backoffBase, backoffCap, authFailuresBeforeStall, cleanupAttempts, jitter,
        changeFeedInterval, providers, next, shard);
  }

  /** With the resources of one shard only (run --label-selector). */
  public ReconcileSettings withShard(Shard next) {
    return new ReconcileSettings(healthWait, startingRecheck, backoffBase, backoffCap, authFailuresBeforeStall, cleanupAttempts, jitter,
        changeFeedInterval, providers, probes, next);
  }
}
