package com.torrust.operator.reconcile;

import com.torrust.operator.api.DriftIgnoreRule;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.api.TrackerDeploymentSpec;
import com.torrust.operator.converge.ConvergeException;
import com.torrust.operator.converge.ConvergePlanner;
import com.torrust.operator.converge.Convergence;
import com.torrust.operator.converge.Converger;
import com.torrust.operator.drift.DriftEngine;
import com.torrust.operator.drift.Finding;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.HostConnections;
import com.torrust.operator.host.HostKeys;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.observe.HostFacts;
import com.torrust.operator.observe.HostObserver;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.plan.Endpoints;
import com.torrust.operator.render.DesiredHostState;
import java.util.List;
import java.util.function.Consumer;

/** The host part of a reconcile: one look, a converge when the work says so, and what it all came to. */
final class HostVisit {

  /**
   * @param actions how many actions the converge ran (0 when it did not converge or had nothing to do)
   * @param summary the steps that ran, for the ChangesApplied event ("Firewall 2, Files 3"), or empty
   */
  record Result(Outcome outcome, int actions, String summary) {}

  private final HostConnections connections;
  private final ReconcileSettings settings;

  HostVisit(HostConnections connections, ReconcileSettings settings) {
    this.connections = connections;
    this.settings = settings;
  }

  Result visit(SshTarget target, DesiredHostState desired, TrackerDeploymentSpec spec, Work work, String hash,
      Consumer<String> progress) throws InterruptedException {
    List<DriftIgnoreRule> ignore = spec.drift().ignore();
    try {
      return connections.with(target, connection -> {
        Observation before = HostObserver.observe(connection, ConvergePlanner.observedPaths(desired));
        HostStatus host = hostStatus(connection, before.facts());
        if (!work.converges()) {
          List<Finding> drift = DriftEngine.findings(desired, before, ignore);
          // Nothing was started by this reconcile: a service that is down or unhealthy is drift, not "starting".
          return new Result(Outcome.Observed.of(host, Endpoints.of(spec), drift, true, starting(Converger.notUp(desired, before)), null, null), 0, "");
        }
        try {
          Convergence.Result result = Convergence.converge(connection, desired, ignore, before, settings.healthWait(), progress);
          List<Finding> drift = work.checksDrift() ? result.drift() : List.of();
          String summary = String.join(", ", result.steps().stream().map(s -> s.step() + " " + s.actions()).toList());
          return new Result(Outcome.Observed.of(host, Endpoints.of(spec), drift, work.checksDrift(), starting(result.notUp()), hash, null),
              result.actions(), summary);
        } catch (ConvergeException e) {
          List<Finding> drift = work.checksDrift() ? DriftEngine.findings(desired, before, ignore) : List.of();
          return new Result(Outcome.Observed.of(host, Endpoints.of(spec), drift, work.checksDrift(), List.of(), null, e.getMessage()), 0, "");
        }
      });
    } catch (HostAccessException e) {
      return new Result(new Outcome.HostProblem(e.reason().name(), e.getMessage(), stallsAtOnce(e.reason())), 0, "");
    }
  }

  /**
   * The services still in their health check's start period: worth a look again soon. One that is not
   * running or unhealthy after the wait is drift (ServiceNotRunning, ServiceUnhealthy) and waits for
   * the usual interval, so a broken service does not make the operator poll its host every few seconds.
   */
  static List<String> starting(List<String> notUp) {
    return notUp.stream().filter(s -> s.endsWith("(starting)")).toList();
  }

  /** A wrong host key or an unreadable private key will not fix itself: no retry until something changes. */
  static boolean stallsAtOnce(HostAccessException.Reason reason) {
    return reason == HostAccessException.Reason.HostKeyMismatch || reason == HostAccessException.Reason.InvalidPrivateKey;
  }

  /** The pinned key and the facts of the host, as status.host shows them. */
  static HostStatus hostStatus(SshConnection connection, HostFacts facts) {
    String compose = facts.composeCommand() == null ? null
        : (facts.composeCommand() + " " + (facts.composeVersion() == null ? "" : facts.composeVersion())).strip();
    return new HostStatus(HostKeys.line(connection.hostKey()), HostKeys.fingerprint(connection.hostKey()), facts.os(), facts.dockerVersion(),
        compose, facts.ufwVersion());
  }
}
