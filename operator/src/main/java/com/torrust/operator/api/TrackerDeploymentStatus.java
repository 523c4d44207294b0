package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The observed state of a TrackerDeployment, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrackerDeploymentStatus(
    @JsonPropertyDescription("The metadata.generation of the spec this status describes.") Long observedGeneration,
    @JsonPropertyDescription(
            "Ready, Reconciling, Stalled and Paused (only while True), Drifted, HostReachable, FirewallConverged,"
                + " ServicesConverged, and Serving (while the outside prober is on).")
        List<Condition> conditions,
    @JsonPropertyDescription("Facts about the host: pinned SSH host key, OS and tool versions.") HostStatus host,
    @JsonPropertyDescription("The public endpoints of the deployment.") List<Endpoint> endpoints,
    @JsonPropertyDescription("Where the host currently differs from the spec: at most 50 findings, the most severe first.")
        @io.fabric8.generator.annotation.Size(max = DriftFinding.MAX_ITEMS)
        List<DriftFinding> drift,
    @JsonPropertyDescription(
            "Keyed hash (HMAC-SHA256) of the desired host state last applied successfully: it changes when the"
                + " spec or a referenced Secret changes, and reveals nothing about the secrets.")
        String lastAppliedHash,
    @JsonPropertyDescription("The server the operator created (provider Hetzner): its id, addresses and phase.")
        ServerStatus server,
    @JsonPropertyDescription("Failures in a row (reconciles, authentication, cleanup); absent after a success. Kept here so a"
            + " restart of the operator does not reset the backoff and stall rules.")
        FailureCounts failures,
    @JsonPropertyDescription("The value of the annotation tracker.torrust.com/requestedAt that the last reconcile handled"
            + " (Flux's convention): set the annotation to a new value to have the host looked at now, and wait for this field to"
            + " show it.")
        String lastHandledReconcileAt) {

  public TrackerDeploymentStatus(Long observedGeneration, List<Condition> conditions, HostStatus host, List<Endpoint> endpoints,
      List<DriftFinding> drift, String lastAppliedHash) {
    this(observedGeneration, conditions, host, endpoints, drift, lastAppliedHash, null, null, null);
  }

  public TrackerDeploymentStatus(Long observedGeneration, List<Condition> conditions, HostStatus host, List<Endpoint> endpoints,
      List<DriftFinding> drift, String lastAppliedHash, ServerStatus server) {
    this(observedGeneration, conditions, host, endpoints, drift, lastAppliedHash, server, null, null);
  }

  public TrackerDeploymentStatus(Long observedGeneration, List<Condition> conditions, HostStatus host, List<Endpoint> endpoints,
      List<DriftFinding> drift, String lastAppliedHash, ServerStatus server, FailureCounts failures) {
    this(observedGeneration, conditions, host, endpoints, drift, lastAppliedHash, server, failures, null);
  }

  public TrackerDeploymentStatus withServer(ServerStatus next) {
    return new TrackerDeploymentStatus(observedGeneration, conditions, host, endpoints, drift, lastAppliedHash, next, failures, lastHandledReconcileAt);
  }

  public TrackerDeploymentStatus withHost(HostStatus next) {
    return new TrackerDeploymentStatus(observedGeneration, conditions, next, endpoints, drift, lastAppliedHash, server, failures, lastHandledReconcileAt);
  }

  public TrackerDeploymentStatus withConditions(List<Condition> next) {
    return new TrackerDeploymentStatus(observedGeneration, next, host, endpoints, drift, lastAppliedHash, server, failures, lastHandledReconcileAt);
  }

  public TrackerDeploymentStatus withFailures(FailureCounts next) {
    return new TrackerDeploymentStatus(observedGeneration, conditions, host, endpoints, drift, lastAppliedHash, server, next,
        lastHandledReconcileAt);
  }

  public TrackerDeploymentStatus withLastHandledReconcileAt(String next) {
    return new TrackerDeploymentStatus(observedGeneration, conditions, host, endpoints, drift, lastAppliedHash, server, failures, next);
  }

  /** The failure counts, never null. */
  public FailureCounts failuresOrNone() {
    return failures == null ? FailureCounts.NONE : failures;
  }
}
