package com.torrust.operator.reconcile;

import java.time.Duration;

/** What the reconciler reports for the metrics endpoint; the runtime decides how they are exported. */
public interface ReconcileMetrics {

  /**
   * One reconcile ended.
   *
   * @param result the Ready reason (Converged, DriftDetected, HostUnreachable, InvalidSpec, ...)
   * @param driftFindings findings in status after it, or -1 when unknown (the host was not reached:
   *     the count in status is from an earlier look)
   */
  void reconciled(String namespace, String name, String result, Duration took, int driftFindings);

  /** The outside prober tried the resource: per endpoint up or not, latency, certificate expiry. */
  default void probed(String namespace, String name, com.torrust.operator.probe.ProbeReport report) {}

  /** The resource's conditions now (after a reconcile wrote them). */
  default void conditions(String namespace, String name, java.util.List<com.torrust.operator.api.Condition> conditions) {}

  /** Whether the resource is paused by its annotation now. */
  default void paused(String namespace, String name, boolean paused) {}

  /**
   * The resource's change feed ended without the operator stopping it (the host closed or killed it, or it
   * could not run there); the next reconcile that reaches the host starts it again.
   */
  default void feedEnded(String namespace, String name) {}

  /** The resource is gone: its per-resource series go too. */
  void forget(String namespace, String name);

  ReconcileMetrics NONE = new ReconcileMetrics() {
    @Override
    public void reconciled(String namespace, String name, String result, Duration took, int driftFindings) {}

    @Override
    public void forget(String namespace, String name) {}
  };
}
