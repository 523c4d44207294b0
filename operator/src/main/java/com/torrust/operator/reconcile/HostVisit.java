package com.torrust.operator.reconcile;

import com.torrust.operator.api.DriftIgnoreRule;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.api.TrackerDeploymentSpec;
import com.torrust.operator.converge.ConvergeException;
import com.torrust.operator.converge.ConvergePlanner;
import com.torrust.operator.converge.Convergence;
import com.torrust.operator.converge.Converger;
import com.torrust.operator.converge.HostClaim;
import com.torrust.operator.converge.ImageUpkeep;
import com.torrust.operator.drift.ImageDrift;
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

  /**
   * @param owner the resource as "namespace/name": a converge first claims the host for it (or finds it
   *     claimed by someone else, and then changes nothing)
   */
  Result visit(SshTarget target, DesiredHostState desired, TrackerDeploymentSpec spec, Work work, String hash, String owner,
      String acceptImages, Consumer<String> progress) throws InterruptedException {
    List<DriftIgnoreRule> ignore = spec.drift().ignore();
    try {
      return connections.with(target, connection -> {
        Observation first = HostObserver.observe(connection, ConvergePlanner.observedPaths(desired));
        HostStatus host = hostStatus(connection, first.facts());
        if (!work.converges()) {
          // The image record is the operator's own bookkeeping, not the deployment: kept also when nothing else may change.
          Observation before = recordImages(connection, desired, first, acceptImages, owner);
          host = host.withImages(ImageDrift.statuses(desired.plan(), before));
          List<Finding> drift = DriftEngine.findings(desired, before, ignore);
          // Nothing was started by this reconcile: a service that is down or unhealthy is drift, not "starting".
          return new Result(Outcome.Observed.of(host, Endpoints.of(spec), drift, true, starting(Converger.notUp(desired, before)), null, null), 0, "");
        }
        // The look read the marker: a host already ours needs no second command; anything else is asked (and claimed when free).
        HostClaim.Verdict claim = HostClaim.seen(first, owner);
        if (!(claim instanceof HostClaim.Verdict.Mine)) {
          claim = HostClaim.check(connection, owner, true);
        }
        if (!(claim instanceof HostClaim.Verdict.Mine)) {
          return new Result(claimed(claim, owner), 0, "");
        }
        try {
          Convergence.Result result = Convergence.converge(connection, desired, ignore, first, settings.healthWait(), acceptImages, progress);
          HostStatus seen = host.withImages(ImageDrift.statuses(desired.plan(), result.after()));
          List<Finding> drift = work.checksDrift() ? result.drift() : List.of();
          String summary = String.join(", ", result.steps().stream().map(s -> s.step() + " " + s.actions()).toList());
          // With refusals the spec is not fully applied: no applied hash, so the next look converges again.
          String applied = result.refusals().isEmpty() ? hash : null;
          return new Result(Outcome.Observed.of(seen, Endpoints.of(spec), drift, work.checksDrift(), starting(result.notUp()), applied, null)
              .withRefusals(result.refusals()), result.actions(), summary);
        } catch (ConvergeException e) {
          List<Finding> drift = work.checksDrift() ? DriftEngine.findings(desired, first, ignore) : List.of();
          return new Result(Outcome.Observed.of(host.withImages(ImageDrift.statuses(desired.plan(), first)), Endpoints.of(spec), drift, work.checksDrift(), List.of(), null, e.getMessage()), 0, "");
        }
      });
    } catch (HostAccessException e) {
      return new Result(new Outcome.HostProblem(e.reason().name(), e.getMessage(), stallsAtOnce(e.reason())), 0, "");
    }
  }

  /**
   * Without a converge, the image record is still made (a first baseline) or accepted anew, on a host this
   * resource has claimed only: the record is the claimed host's bookkeeping. The host is looked at again
   * when it was written.
   */
  private static Observation recordImages(SshConnection connection, DesiredHostState desired, Observation seen, String accept, String owner)
      throws HostAccessException {
    var record = ImageUpkeep.record(desired.plan(), seen, accept, java.time.Instant.now());
    if (record.isEmpty() || !(HostClaim.seen(seen, owner) instanceof HostClaim.Verdict.Mine)) {
      return seen;
    }
    try {
      ImageUpkeep.write(connection, record.get());
    } catch (ConvergeException e) {
      return seen; // the next look tries again; nothing else depends on it
    }
    return HostObserver.observe(connection, ConvergePlanner.observedPaths(desired));
  }

  /**
   * First contact without a confirmed key: the key the host presents is read and nothing else; the
   * connection is closed at once so it is never reused for work.
   *
   * @param confirm the command a person runs to confirm the key, with KEY where the fingerprint goes
   */
  Outcome firstContact(SshTarget target, String confirm) throws InterruptedException {
    try {
      java.security.PublicKey key = connections.with(target, SshConnection::hostKey);
      String fingerprint = HostKeys.fingerprint(key);
      return new Outcome.HostKeyUnconfirmed(HostKeys.line(key), fingerprint, "First contact: " + target.address() + ":" + target.port()
          + " presented the host key " + fingerprint + " (" + net.schmizz.sshj.common.KeyType.fromKey(key) + "), which nobody has confirmed;"
          + " nothing was sent to the host. Compare it with the key on the host's console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub),"
          + " then confirm it: " + confirm.replace("KEY", fingerprint) + " (or set spec.host.hostKey).");
    } catch (HostAccessException e) {
      return new Outcome.HostProblem(e.reason().name(), e.getMessage(), stallsAtOnce(e.reason()));
    } finally {
      connections.forget(target);
    }
  }

  /** The outcome when the host's owner marker does not name this resource: nothing was written. */
  static Outcome claimed(HostClaim.Verdict claim, String owner) {
    String namespace = owner.substring(0, owner.indexOf('/'));
    String by = claim instanceof HostClaim.Verdict.ClaimedBy other
        ? (other.owner().startsWith(namespace + "/") ? "TrackerDeployment " + other.owner() : "a TrackerDeployment of another namespace")
        : null;
    String message = by != null
        ? "The host is claimed by " + by + " (its owner marker " + HostClaim.MARKER + "); nothing was changed on it. A host is converged by"
            + " one resource only: delete the other one (deletionPolicy StopServices releases the host), or remove the marker on the host"
            + " if that resource is gone."
        : "The host's owner marker cannot be read (" + ((HostClaim.Verdict.Unreadable) claim).why() + "); nothing was changed on it.";
    return new Outcome.HostProblem(HOST_CLAIMED, message, true);
  }

  static final String HOST_CLAIMED = Reasons.HOST_CLAIMED;

  /**
   * The services still in their health check's start period: worth a look again soon. One that is not
   * running or unhealthy after the wait is drift (ServiceNotRunning, ServiceUnhealthy) and waits for
   * the usual interval, so a broken service does not make the operator poll its host every few seconds.
   */
  static List<String> starting(List<String> notUp) {
    return notUp.stream().filter(s -> s.endsWith("(starting)")).toList();
  }

  /** A wrong host key, an unreadable private key or a refused address will not fix itself: no retry until something changes. */
  static boolean stallsAtOnce(HostAccessException.Reason reason) {
    return reason == HostAccessException.Reason.HostKeyMismatch || reason == HostAccessException.Reason.InvalidPrivateKey
        || reason == HostAccessException.Reason.AddressNotAllowed;
  }

  /** The pinned key and the facts of the host, as status.host shows them. */
  static HostStatus hostStatus(SshConnection connection, HostFacts facts) {
    String compose = facts.composeCommand() == null ? null
        : (facts.composeCommand() + " " + (facts.composeVersion() == null ? "" : facts.composeVersion())).strip();
    return new HostStatus(HostKeys.line(connection.hostKey()), HostKeys.fingerprint(connection.hostKey()), facts.os(), facts.dockerVersion(),
        compose, facts.ufwVersion());
  }
}
