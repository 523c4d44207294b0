package com.torrust.operator.reconcile;

import com.torrust.operator.api.Endpoint;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.drift.DriftKind;
import com.torrust.operator.drift.Finding;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What one reconcile found out, before it becomes status. */
public sealed interface Outcome {

  /**
   * The reconcile ended in an exception nobody expected (an API error, a failed status write, a bug):
   * Ready=False with the redacted message, counted as a failure and retried with backoff.
   */
  record ReconcileError(String message) implements Outcome {}

  /** The spec is refused (admission); nothing was sent to the host. Not retried until the spec changes. */
  record InvalidSpec(String message) implements Outcome {}

  /**
   * A referenced Secret or key cannot be used: it does not exist (yet), is not marked for use by
   * TrackerDeployments, is not this resource's own, or holds a value that cannot be written. Nothing was
   * sent to the host; the Secret watch retries.
   *
   * @param reason SecretNotFound, SecretNotAllowed, SecretNotOwned or SecretValueInvalid
   */
  record SecretsMissing(String reason, String message) implements Outcome {
    public SecretsMissing(String message) {
      this(Reasons.SECRET_NOT_FOUND, message);
    }
  }

  /**
   * First contact with a host whose key nobody confirmed: the key it presented is recorded for a person
   * to compare and confirm; nothing was written to the host. Stalled until the key is confirmed.
   */
  record HostKeyUnconfirmed(String hostKey, String fingerprint, String message) implements Outcome {}

  /** The host could not be used: HostKeyMismatch, AuthenticationFailed (both stall), or HostUnreachable. */
  record HostProblem(String reason, String message, boolean stalled, com.torrust.operator.probe.ProbeReport probe) implements Outcome {
    public HostProblem(String reason, String message, boolean stalled) {
      this(reason, message, stalled, null);
    }

    /** Whether SSH could not reach the host at all (as opposed to a host that answered wrongly): its clients may still be served. */
    public boolean unreachable() {
      return reason.equals(com.torrust.operator.host.HostAccessException.Reason.HostUnreachable.name())
          || reason.equals(com.torrust.operator.host.HostAccessException.Reason.CommandTimedOut.name());
    }

    /** This outcome with the outside prober's latest report: Serving and the endpoints follow it while SSH cannot. */
    public HostProblem withProbe(com.torrust.operator.probe.ProbeReport report) {
      return new HostProblem(reason, message, stalled, report);
    }
  }

  /**
   * The host is being created or is not up yet (provider Hetzner): nothing was sent to it. Under way
   * (Reconciling) and looked at again after {@code recheck}, or stalled until something changes.
   */
  record Provisioning(String reason, String message, boolean stalled, java.time.Duration recheck) implements Outcome {}

  /**
   * The host was looked at (and converged, unless the drift mode said not to).
   *
   * @param driftChecked false when drift detection is Disabled: then {@code drift} is empty and means nothing
   * @param servicesStarting services not up yet after a converge (the next look comes soon)
   * @param appliedHash the hash of what was applied, or null when nothing was applied
   * @param convergeError why the converge failed, or null
   * @param refusals what the converge would not change and why (e.g. it would lock the operator out)
   */
  record Observed(
      HostStatus host,
      List<Endpoint> endpoints,
      List<Finding> drift,
      boolean driftChecked,
      boolean firewallConverged,
      boolean servicesConverged,
      List<String> servicesStarting,
      String appliedHash,
      String convergeError,
      List<String> refusals,
      com.torrust.operator.probe.ProbeReport probe) implements Outcome {

    public Observed(HostStatus host, List<Endpoint> endpoints, List<Finding> drift, boolean driftChecked, boolean firewallConverged,
        boolean servicesConverged, List<String> servicesStarting, String appliedHash, String convergeError, List<String> refusals) {
      this(host, endpoints, drift, driftChecked, firewallConverged, servicesConverged, servicesStarting, appliedHash, convergeError, refusals,
          null);
    }

    /**
     * This outcome with the outside prober's latest report: its findings join the drift (when drift is
     * looked for) and each endpoint carries its last result. Null: the resource is not probed.
     */
    public Observed withProbe(com.torrust.operator.probe.ProbeReport report) {
      if (report == null) {
        return this;
      }
      List<Finding> all = new java.util.ArrayList<>(drift);
      if (driftChecked) {
        all.addAll(report.findings());
        all.sort(java.util.Comparator.comparing(Finding::severity)); // the most severe first, as the drift engine orders them (stable)
      }
      return new Observed(host, com.torrust.operator.probe.ProbeEndpoints.annotate(endpoints, report), List.copyOf(all), driftChecked,
          firewallConverged, servicesConverged, servicesStarting, appliedHash, convergeError, refusals, report);
    }

    private static final Set<DriftKind> FIREWALL = EnumSet.of(
        DriftKind.FirewallInactive, DriftKind.FirewallDefaultPolicy, DriftKind.FirewallRuleMissing, DriftKind.FirewallRuleUnexpected);
    private static final Set<DriftKind> SERVICES = EnumSet.of(
        DriftKind.ServiceNotRunning, DriftKind.ServiceUnhealthy, DriftKind.ContainerUnexpected, DriftKind.ImageMismatch,
        DriftKind.ExpectedPortMissing);

    /** The converged flags follow from the findings: no firewall finding, no service finding and nothing starting. */
    public static Observed of(HostStatus host, List<Endpoint> endpoints, List<Finding> drift, boolean driftChecked,
        List<String> servicesStarting, String appliedHash, String convergeError) {
      boolean firewall = drift.stream().noneMatch(f -> FIREWALL.contains(f.kind()));
      boolean services = servicesStarting.isEmpty() && drift.stream().noneMatch(f -> SERVICES.contains(f.kind()));
      return new Observed(host, endpoints, drift, driftChecked, firewall, services, List.copyOf(servicesStarting), appliedHash, convergeError,
          List.of());
    }

    /** This outcome with what the converge refused to change. */
    public Observed withRefusals(List<String> next) {
      return new Observed(host, endpoints, drift, driftChecked, firewallConverged, servicesConverged, servicesStarting, appliedHash,
          convergeError, List.copyOf(next), probe);
    }
  }
}
