package com.torrust.operator.reconcile;

import com.torrust.operator.api.Condition;
import com.torrust.operator.api.DriftFinding;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.api.TrackerDeploymentStatus;
import com.torrust.operator.drift.Finding;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Outcome -> status, the way kstatus, Flux and Argo CD read it. Pure, and stable: the same outcome on
 * the same previous status gives an equal status, so the reconciler patches only when something
 * changed and no timestamp is rewritten on every poll.
 *
 * <ul>
 *   <li>Ready is always present (a resource without it reads as Current to kstatus).
 *   <li>Stalled (InvalidSpec, HostKeyMismatch, AuthenticationFailed) and Reconciling are present only
 *       while True.
 *   <li>lastTransitionTime changes only when a condition's status flips; a finding keeps its
 *       {@code since} while it is still found.
 * </ul>
 */
public final class StatusCalculator {

  public static final String READY = "Ready";
  public static final String STALLED = "Stalled";
  public static final String RECONCILING = "Reconciling";
  public static final String DRIFTED = "Drifted";
  public static final String HOST_REACHABLE = "HostReachable";
  public static final String FIREWALL_CONVERGED = "FirewallConverged";
  public static final String SERVICES_CONVERGED = "ServicesConverged";
  public static final String SERVING = "Serving";
  public static final String PAUSED = "Paused";

  private StatusCalculator() {}

  public static TrackerDeploymentStatus next(TrackerDeploymentStatus previous, long generation, Outcome outcome, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Condition> before = previous == null || previous.conditions() == null ? List.of() : previous.conditions();
    TrackerDeploymentStatus base = previous == null ? new TrackerDeploymentStatus(null, null, null, null, null, null) : previous;
    if (outcome instanceof Outcome.InvalidSpec invalid) {
      return invalid(base, before, generation, invalid, time);
    }
    if (outcome instanceof Outcome.SecretsMissing missing) {
      return secretsMissing(base, before, generation, missing, time);
    }
    if (outcome instanceof Outcome.HostProblem problem) {
      return hostProblem(base, before, generation, problem, time);
    }
    if (outcome instanceof Outcome.ReconcileError error) {
      List<Condition> conditions = new ArrayList<>();
      conditions.add(condition(before, READY, Condition.FALSE, Reasons.RECONCILE_ERROR, error.message(), generation, time));
      keep(before, conditions, DRIFTED, HOST_REACHABLE, FIREWALL_CONVERGED, SERVICES_CONVERGED, SERVING);
      return new TrackerDeploymentStatus(base.observedGeneration(), conditions, base.host(), base.endpoints(), base.drift(),
          base.lastAppliedHash(), base.server(), base.failures(), base.lastHandledReconcileAt());
    }
    if (outcome instanceof Outcome.HostKeyUnconfirmed unconfirmed) {
      return unconfirmed(base, before, generation, unconfirmed, time);
    }
    if (outcome instanceof Outcome.Provisioning provisioning) {
      return provisioning(base, before, generation, provisioning, time);
    }
    return observed(base, before, generation, (Outcome.Observed) outcome, time); // sealed: the last kind
  }

  private static TrackerDeploymentStatus invalid(TrackerDeploymentStatus base, List<Condition> before, long generation,
      Outcome.InvalidSpec invalid, String time) {
    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition(before, READY, Condition.FALSE, Reasons.INVALID_SPEC, invalid.message(), generation, time));
    conditions.add(condition(before, STALLED, Condition.TRUE, Reasons.INVALID_SPEC, invalid.message(), generation, time));
    keep(before, conditions, DRIFTED, HOST_REACHABLE, FIREWALL_CONVERGED, SERVICES_CONVERGED, SERVING);
    return new TrackerDeploymentStatus(generation, conditions, base.host(), base.endpoints(), base.drift(), base.lastAppliedHash(), base.server(), base.failures(), base.lastHandledReconcileAt());
  }

  private static TrackerDeploymentStatus secretsMissing(TrackerDeploymentStatus base, List<Condition> before, long generation,
      Outcome.SecretsMissing missing, String time) {
    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition(before, READY, Condition.FALSE, missing.reason(), missing.message(), generation, time));
    keep(before, conditions, DRIFTED, HOST_REACHABLE, FIREWALL_CONVERGED, SERVICES_CONVERGED, SERVING);
    return new TrackerDeploymentStatus(generation, conditions, base.host(), base.endpoints(), base.drift(), base.lastAppliedHash(), base.server(), base.failures(), base.lastHandledReconcileAt());
  }

  /** Deletion cleanup failed as often as allowed: Stalled until a person detaches or fixes the host. */
  public static TrackerDeploymentStatus cleanupFailed(TrackerDeploymentStatus previous, long generation, String message, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Condition> before = previous == null || previous.conditions() == null ? List.of() : previous.conditions();
    TrackerDeploymentStatus base = previous == null ? new TrackerDeploymentStatus(null, null, null, null, null, null) : previous;
    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition(before, READY, Condition.FALSE, Reasons.CLEANUP_FAILED, message, generation, time));
    conditions.add(condition(before, STALLED, Condition.TRUE, Reasons.CLEANUP_FAILED, message, generation, time));
    keep(before, conditions, DRIFTED, HOST_REACHABLE, FIREWALL_CONVERGED, SERVICES_CONVERGED, SERVING);
    return new TrackerDeploymentStatus(base.observedGeneration(), conditions, base.host(), base.endpoints(), base.drift(), base.lastAppliedHash(), base.server(), base.failures(), base.lastHandledReconcileAt());
  }

  private static TrackerDeploymentStatus hostProblem(TrackerDeploymentStatus base, List<Condition> before, long generation,
      Outcome.HostProblem problem, String time) {
    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition(before, READY, Condition.FALSE, problem.reason(), problem.message(), generation, time));
    if (problem.stalled()) {
      conditions.add(condition(before, STALLED, Condition.TRUE, problem.reason(), problem.message(), generation, time));
    }
    conditions.add(condition(before, HOST_REACHABLE, Condition.FALSE, problem.reason(), problem.message(), generation, time));
    keep(before, conditions, DRIFTED, FIREWALL_CONVERGED, SERVICES_CONVERGED);
    List<com.torrust.operator.api.Endpoint> endpoints = base.endpoints();
    if (problem.probe() != null) {
      // SSH cannot reach the host, but its clients may still be served (or not): the outside view goes on.
      conditions.add(serving(before, problem.probe(), generation, time));
      endpoints = com.torrust.operator.probe.ProbeEndpoints.annotate(endpoints, problem.probe());
    } else {
      keep(before, conditions, SERVING);
    }
    return new TrackerDeploymentStatus(generation, conditions, base.host(), endpoints, base.drift(), base.lastAppliedHash(), base.server(), base.failures(), base.lastHandledReconcileAt());
  }

  /** The host answered with a key nobody confirmed: recorded for comparison; Stalled until a person confirms it. */
  private static TrackerDeploymentStatus unconfirmed(TrackerDeploymentStatus base, List<Condition> before, long generation,
      Outcome.HostKeyUnconfirmed unconfirmed, String time) {
    String reason = Reasons.HOST_KEY_UNCONFIRMED;
    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition(before, READY, Condition.FALSE, reason, unconfirmed.message(), generation, time));
    conditions.add(condition(before, STALLED, Condition.TRUE, reason, unconfirmed.message(), generation, time));
    conditions.add(condition(before, HOST_REACHABLE, Condition.TRUE, reason, "The host answered SSH; its key is not confirmed, so nothing was sent.",
        generation, time));
    keep(before, conditions, DRIFTED, FIREWALL_CONVERGED, SERVICES_CONVERGED, SERVING);
    HostStatus seen = new HostStatus(unconfirmed.hostKey(), unconfirmed.fingerprint(), null, null, null, null);
    return new TrackerDeploymentStatus(generation, conditions, seen, base.endpoints(), base.drift(), base.lastAppliedHash(), base.server(), base.failures(), base.lastHandledReconcileAt());
  }

  private static TrackerDeploymentStatus provisioning(TrackerDeploymentStatus base, List<Condition> before, long generation,
      Outcome.Provisioning provisioning, String time) {
    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition(before, READY, Condition.FALSE, provisioning.reason(), provisioning.message(), generation, time));
    conditions.add(condition(before, provisioning.stalled() ? STALLED : RECONCILING, Condition.TRUE, provisioning.reason(), provisioning.message(),
        generation, time));
    keep(before, conditions, DRIFTED, HOST_REACHABLE, FIREWALL_CONVERGED, SERVICES_CONVERGED, SERVING);
    return new TrackerDeploymentStatus(generation, conditions, base.host(), base.endpoints(), base.drift(), base.lastAppliedHash(), base.server(), base.failures(), base.lastHandledReconcileAt());
  }

  /** Why a looked-at host is not Ready, the first rule that applies winning; none applies: Converged. */
  record ReadyRule(String reason, java.util.function.BiPredicate<Outcome.Observed, Boolean> applies,
      java.util.function.Function<Outcome.Observed, String> message) {}

  /** The priority list of Ready's reasons (the second argument of a test: whether drift was found). */
  static final List<ReadyRule> READY_RULES = List.of(
      new ReadyRule(Reasons.CONVERGE_FAILED, (o, drifted) -> o.convergeError() != null, Outcome.Observed::convergeError),
      new ReadyRule(Reasons.CONVERGE_REFUSED, (o, drifted) -> !o.refusals().isEmpty(),
          o -> "Not changed on the host: " + String.join("; ", o.refusals()) + "."),
      new ReadyRule(Reasons.SERVICES_STARTING, (o, drifted) -> !o.servicesStarting().isEmpty(),
          o -> "Waiting for " + String.join(", ", o.servicesStarting()) + "."),
      new ReadyRule(Reasons.DRIFT_DETECTED, (o, drifted) -> drifted,
          o -> o.drift().size() + " difference" + (o.drift().size() == 1 ? "" : "s") + " from the spec; see status.drift."),
      new ReadyRule(Reasons.NOT_CONVERGED, (o, drifted) -> !o.firewallConverged() || !o.servicesConverged(),
          o -> "The host's firewall or services differ from the plan."));

  private static TrackerDeploymentStatus observed(TrackerDeploymentStatus base, List<Condition> before, long generation,
      Outcome.Observed observed, String time) {
    List<DriftFinding> drift = observed.driftChecked() ? drift(base.drift(), observed.drift(), time) : List.of();
    boolean drifted = !drift.isEmpty();
    boolean starting = !observed.servicesStarting().isEmpty();
    String error = observed.convergeError();
    Optional<ReadyRule> notReady = READY_RULES.stream().filter(rule -> rule.applies().test(observed, drifted)).findFirst();
    boolean ready = notReady.isEmpty();
    String readyReason = notReady.map(ReadyRule::reason).orElse(Reasons.CONVERGED);
    String readyMessage = notReady.map(rule -> rule.message().apply(observed)).orElse("The host matches the spec.");
    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition(before, READY, ready ? Condition.TRUE : Condition.FALSE, readyReason, readyMessage, generation, time));
    if (starting && error == null) {
      conditions.add(condition(before, RECONCILING, Condition.TRUE, Reasons.SERVICES_STARTING, readyMessage, generation, time));
    }
    if (observed.driftChecked()) {
      conditions.add(condition(before, DRIFTED, drifted ? Condition.TRUE : Condition.FALSE, drifted ? Reasons.DRIFT_DETECTED : "NoDriftDetected",
          drifted ? summary(drift) : "The host matches the spec.", generation, time));
    } else {
      conditions.add(condition(before, DRIFTED, Condition.UNKNOWN, "DriftDetectionDisabled",
          "spec.drift.mode is Disabled: the host is converged on changes and not checked in between.", generation, time));
    }
    conditions.add(condition(before, HOST_REACHABLE, Condition.TRUE, "Connected", "The host answered over SSH with the pinned key.", generation, time));
    conditions.add(condition(before, FIREWALL_CONVERGED, observed.firewallConverged() ? Condition.TRUE : Condition.FALSE,
        observed.firewallConverged() ? "FirewallMatches" : "FirewallDiffers",
        observed.firewallConverged() ? "UFW has exactly the planned policies and rules." : "UFW differs from the plan; see status.drift.", generation, time));
    conditions.add(condition(before, SERVICES_CONVERGED, observed.servicesConverged() ? Condition.TRUE : Condition.FALSE,
        observed.servicesConverged() ? "ServicesRunning" : starting ? Reasons.SERVICES_STARTING : "ServicesDiffer",
        observed.servicesConverged() ? "Every planned service runs its planned image." : starting ? readyMessage
            : "Services differ from the plan; see status.drift.", generation, time));
    if (observed.probe() != null) {
      conditions.add(serving(before, observed.probe(), generation, time));
    }
    return new TrackerDeploymentStatus(generation, conditions, observed.host(), observed.endpoints(), drift,
        observed.appliedHash() != null ? observed.appliedHash() : base.lastAppliedHash(), base.server(), base.failures(), base.lastHandledReconcileAt());
  }

  /** Serving: the outside prober's verdict on the planned endpoints (closed ports and certificates are findings). */
  private static Condition serving(List<Condition> before, com.torrust.operator.probe.ProbeReport probe, long generation, String time) {
    if (probe.pending()) {
      return condition(before, SERVING, Condition.UNKNOWN, Reasons.PROBE_PENDING, "The first try from outside has not ended yet.", generation, time);
    }
    List<String> failing = probe.results().stream().filter(r -> !r.ok() && r.target().check() != com.torrust.operator.probe.ProbeTarget.Check.MustNotAnswer)
        .map(r -> r.target().describe() + " at " + r.address()).distinct().toList();
    if (failing.isEmpty()) {
      long endpoints = probe.results().stream().filter(r -> r.target().check() != com.torrust.operator.probe.ProbeTarget.Check.MustNotAnswer).count();
      return condition(before, SERVING, Condition.TRUE, Reasons.ENDPOINTS_SERVING, endpoints + " endpoint tr" + (endpoints == 1 ? "y" : "ies")
          + " answered from outside in " + (endpoints == 1 ? "its" : "their") + " protocol.", generation, time);
    }
    String list = String.join(", ", failing.subList(0, Math.min(5, failing.size()))) + (failing.size() > 5 ? " and " + (failing.size() - 5) + " more" : "");
    return condition(before, SERVING, Condition.FALSE, Reasons.ENDPOINTS_NOT_SERVING, "Not answering from outside: " + list + "; see status.endpoints.",
        generation, time);
  }

  /**
   * Nothing was looked at (drift detection disabled, nothing changed): the status stays, only the
   * generation it describes moves on.
   */
  public static TrackerDeploymentStatus unchanged(TrackerDeploymentStatus previous, long generation) {
    if (previous == null) {
      return null;
    }
    List<Condition> conditions = previous.conditions() == null ? null : previous.conditions().stream()
        .map(c -> new Condition(c.type(), c.status(), c.reason(), c.message(), c.lastTransitionTime(), generation)).toList();
    return new TrackerDeploymentStatus(generation, conditions, previous.host(), previous.endpoints(), previous.drift(), previous.lastAppliedHash(), previous.server(), previous.failures(), previous.lastHandledReconcileAt());
  }

  /**
   * Paused by the annotation: Paused=True added, everything else kept as it was last seen (Ready says
   * what was true when the operator last looked; observedGeneration does not move, since the spec is
   * not being applied).
   */
  public static TrackerDeploymentStatus paused(TrackerDeploymentStatus previous, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Condition> before = previous == null || previous.conditions() == null ? List.of() : previous.conditions();
    List<Condition> conditions = without(before, PAUSED, RECONCILING);
    Condition old = before.stream().filter(c -> c.type().equals(PAUSED)).findFirst().orElse(null);
    conditions.add(new Condition(PAUSED, Condition.TRUE, Reasons.PAUSED_BY_ANNOTATION, "Paused by the annotation " + Annotations.PAUSED
        + ": the host is neither looked at nor changed, and the conditions above are from the last look. Remove the annotation to resume.",
        old != null && old.lastTransitionTime() != null ? old.lastTransitionTime() : time,
        previous == null ? null : previous.observedGeneration()));
    return (previous == null ? new TrackerDeploymentStatus(null, null, null, null, null, null) : previous).withConditions(conditions);
  }

  /** Without the Paused condition: a reconcile that ran is not paused (paths that keep conditions would carry it on). */
  public static TrackerDeploymentStatus resumed(TrackerDeploymentStatus status) {
    if (status == null || status.conditions() == null || status.conditions().stream().noneMatch(c -> c.type().equals(PAUSED))) {
      return status;
    }
    return status.withConditions(without(status.conditions(), PAUSED));
  }

  private static List<Condition> without(List<Condition> conditions, String... types) {
    List<String> dropped = List.of(types);
    return new ArrayList<>(conditions.stream().filter(c -> !dropped.contains(c.type())).toList());
  }

  /** Marks a reconcile as under way (Reconciling=True), keeping everything else. */
  public static TrackerDeploymentStatus reconciling(TrackerDeploymentStatus previous, long generation, String message, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<Condition> before = previous == null || previous.conditions() == null ? List.of() : previous.conditions();
    List<Condition> conditions = without(before, RECONCILING, STALLED);
    if (conditions.stream().noneMatch(c -> c.type().equals(READY))) {
      conditions.add(condition(before, READY, Condition.UNKNOWN, "Reconciling", message, generation, time));
    }
    conditions.add(condition(before, RECONCILING, Condition.TRUE, "Reconciling", message, generation, time));
    TrackerDeploymentStatus base = previous == null ? new TrackerDeploymentStatus(null, null, null, null, null, null) : previous;
    return new TrackerDeploymentStatus(base.observedGeneration(), conditions, base.host(), base.endpoints(), base.drift(), base.lastAppliedHash(), base.server(), base.failures(), base.lastHandledReconcileAt());
  }

  private static Condition condition(List<Condition> before, String type, String status, String reason, String message, long generation, String now) {
    Condition old = before.stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
    String since = old != null && old.status().equals(status) && old.lastTransitionTime() != null ? old.lastTransitionTime() : now;
    return new Condition(type, status, reason, message, since, generation);
  }

  private static void keep(List<Condition> before, List<Condition> out, String... types) {
    for (String type : types) {
      before.stream().filter(c -> c.type().equals(type)).findFirst().ifPresent(out::add);
    }
  }

  /**
   * Status is bounded whatever a host shows (an unprivileged user on it can open thousands of ports):
   * at most {@link DriftFinding#MAX_ITEMS} findings, the most severe first, the last one counting the
   * rest, and every string cut to the schema's maxLength. A status the API server refuses would leave
   * the last one standing.
   */
  private static List<DriftFinding> drift(List<DriftFinding> before, List<Finding> all, String time) {
    List<Finding> now = all.size() <= DriftFinding.MAX_ITEMS ? all : all.subList(0, DriftFinding.MAX_ITEMS - 1);
    List<DriftFinding> out = new ArrayList<>();
    for (Finding f : now) {
      DriftFinding found = new DriftFinding(f.kind().name(), f.severity().name(), f.port(), f.protocol() == null ? null : f.protocol().name(),
          cut(f.address(), DriftFinding.MAX_ADDRESS), cut(f.source(), DriftFinding.MAX_SOURCE), cut(f.message(), DriftFinding.MAX_MESSAGE), time);
      String since = before == null ? time : before.stream().filter(found::sameAs).map(DriftFinding::since).findFirst().orElse(time);
      out.add(new DriftFinding(found.kind(), found.severity(), found.port(), found.protocol(), found.address(), found.source(),
          found.message(), since));
    }
    if (now.size() < all.size()) {
      int more = all.size() - now.size();
      DriftFinding rest = new DriftFinding("MoreFindings", "Warning", null, null, null, null,
          more + " more findings are not listed here (status holds at most " + DriftFinding.MAX_ITEMS + "): `tracker-operator check` lists"
              + " every one.", time);
      String since = before == null ? time : before.stream().filter(rest::sameAs).map(DriftFinding::since).findFirst().orElse(time);
      out.add(new DriftFinding(rest.kind(), rest.severity(), null, null, null, null, rest.message(), since));
    }
    return out;
  }

  static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  private static String summary(List<DriftFinding> drift) {
    DriftFinding first = drift.get(0);
    return drift.size() + " finding" + (drift.size() == 1 ? "" : "s") + ", first: " + first.kind() + ": " + first.message();
  }
}
