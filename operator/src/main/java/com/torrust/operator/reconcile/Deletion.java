package com.torrust.operator.reconcile;

import com.torrust.operator.admission.InvalidSpecException;
import com.torrust.operator.api.DeletionPolicy;
import com.torrust.operator.api.FailureCounts;
import com.torrust.operator.api.SecretKeyRef;
import com.torrust.operator.api.ServerStatus;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.api.TrackerDeploymentSpec;
import com.torrust.operator.api.TrackerDeploymentStatus;
import com.torrust.operator.converge.Teardown;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.HostConnections;
import com.torrust.operator.provision.Provisioner;
import com.torrust.operator.provision.hetzner.HetznerException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What deleting a TrackerDeployment does, per deletionPolicy: Retain leaves the host, StopServices stops
 * the deployment's containers (only on a host that is this resource's and whose key is pinned),
 * DestroyVm deletes the server it created. A failed cleanup is retried with backoff a bounded number of
 * times (counted in status.failures.cleanup, so a restart goes on counting), then Stalled until a person
 * fixes the cause or detaches the resource.
 */
final class Deletion {

  private static final Logger LOG = LoggerFactory.getLogger(Deletion.class);

  private final TrackerDeploymentReconciler reconciler;
  private final HostConnections connections;
  private final ReconcileSettings settings;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final Provisioner provisioner;
  private final HostWatches watches;
  private final Map<String, TrackerDeploymentStatus> writtenStatus;
  private final Map<String, String[]> pinsWritten;

  /** @param reconciler how the reconcile reaches a host (admission, Secrets, pins, claims): deletion reaches it the same way */
  Deletion(TrackerDeploymentReconciler reconciler, HostConnections connections, ReconcileSettings settings, ReconcileMetrics metrics, Clock clock,
      Provisioner provisioner, HostWatches watches, Map<String, TrackerDeploymentStatus> writtenStatus, Map<String, String[]> pinsWritten) {
    this.reconciler = reconciler;
    this.connections = connections;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
    this.provisioner = provisioner;
    this.watches = watches;
    this.writtenStatus = writtenStatus;
    this.pinsWritten = pinsWritten;
  }

  DeleteControl cleanup(TrackerDeployment resource, KubernetesClient client) throws InterruptedException {
    String id = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    String uid = resource.getMetadata().getUid();
    EventRecorder events = new EventRecorder(client);
    metrics.forget(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    watches.stop(ResourceID.fromResource(resource)); // stopping services would only wake it
    reconciler.forgetProbes(ResourceID.fromResource(resource));
    TrackerDeploymentStatus written = writtenStatus.get(uid);
    if (written != null) {
      resource.setStatus(written); // the cleanup count this operator wrote last
    }
    try {
      DeleteControl control = cleanupHost(resource, client, id, uid, events);
      if (control.isRemoveFinalizer()) {
        writtenStatus.remove(uid);
        pinsWritten.remove(uid);
      }
      return control;
    } finally {
      connections.forgetOwner(uid);
    }
  }

  private DeleteControl cleanupHost(TrackerDeployment resource, KubernetesClient client, String id, String uid,
      EventRecorder events) throws InterruptedException {
    if (Annotations.isSet(resource, Annotations.DETACH)) {
      LOG.info("{}: detached by the annotation {}; the host is left as it is", id, Annotations.DETACH);
      return DeleteControl.defaultDelete();
    }
    TrackerDeployment deployment;
    try {
      deployment = reconciler.admit(resource);
    } catch (InvalidSpecException e) {
      // Without a valid spec there is no host to clean up reliably; the resource goes, the host stays.
      LOG.warn("{}: deleted with an invalid spec; the host is left as it is", id);
      return DeleteControl.defaultDelete();
    }
    // Only the SSH key is needed to stop services: no generated Secret is created for a resource on its way out.
    String namespace = resource.getMetadata().getNamespace();
    ClusterSecrets lookup = reconciler.lookup(client, namespace, resource.getMetadata().getName(), null);
    TrackerDeploymentSpec spec = deployment.getSpec();
    ServerStatus server = resource.getStatus() == null ? null : resource.getStatus().server();
    if (spec.provider().createsHost() && spec.host().address() == null) {
      spec = spec.withHost(spec.host().withAddress(server == null ? null : server.ipv4()));
      deployment.setSpec(spec);
    }
    if (spec.deletionPolicy() == DeletionPolicy.DestroyVm) {
      return destroyServer(resource, deployment, lookup, events, client);
    }
    if (reconciler.earlierClaim(resource).isPresent()) {
      LOG.info("{}: the host is claimed by an earlier TrackerDeployment; deleted without touching it", id);
      return DeleteControl.defaultDelete();
    }
    TrackerDeploymentReconciler.Prepared prepared = reconciler.reach(resource, deployment, lookup, List.of(), reconciler.pinsOf(client, resource));
    if (spec.deletionPolicy() == DeletionPolicy.Retain || spec.host().address() == null) {
      if (prepared.target() != null && prepared.target().address() != null) {
        connections.forget(prepared.target());
      }
      return DeleteControl.defaultDelete();
    }
    if (prepared.target() != null && prepared.target().pin() == null) {
      // No key was ever confirmed, so nothing was ever written to the host: nothing to stop there.
      LOG.info("{}: the host's key was never confirmed; deleted without touching the host", id);
      return DeleteControl.defaultDelete();
    }
    String problem;
    if (prepared.target() == null) {
      problem = prepared.outcome() instanceof Outcome.SecretsMissing missing ? missing.message() : String.valueOf(prepared.outcome());
    } else {
      try {
        Teardown.Stopped stopped = connections.with(prepared.target(), c -> Teardown.stopServicesOf(c, id));
        if (stopped.claimedBy() != null) {
          LOG.warn("{}: the host is claimed by {}; its services are left running", id, stopped.claimedBy());
          return DeleteControl.defaultDelete();
        }
        if (stopped.error() == null) {
          LOG.info("{}: deletionPolicy StopServices: {} containers stopped and removed", id, stopped.containers());
          connections.forget(prepared.target());
          return DeleteControl.defaultDelete();
        }
        problem = stopped.error();
      } catch (HostAccessException e) {
        problem = e.reason() + ": " + e.getMessage();
      }
    }
    return cleanupFailed(resource, "Stopping the services", prepared.redaction().apply(problem), events, client);
  }

  /**
   * deletionPolicy DestroyVm: the services are stopped if the server answers (a server that does not
   * answer is deleted all the same), then every server of the resource is deleted: the recorded one and
   * any carrying its labels (a create whose answer was lost).
   */
  private DeleteControl destroyServer(TrackerDeployment resource, TrackerDeployment deployment, ClusterSecrets lookup, EventRecorder events,
      KubernetesClient client) throws InterruptedException {
    String id = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    TrackerDeploymentSpec spec = deployment.getSpec();
    SecretKeyRef tokenRef = spec.provider().hetzner().tokenSecretRef();
    Optional<String> token = lookup.value(tokenRef.name(), tokenRef.key()).map(String::strip);
    Redaction redaction = new Redaction(List.of(token.orElse("")));
    if (spec.host().address() != null && TrackerDeploymentReconciler.failuresOf(resource).cleanupOrZero() == 0) {
      TrackerDeploymentReconciler.Prepared prepared = reconciler.reach(resource, deployment, lookup, List.of(token.orElse("")), reconciler.pinsOf(client, resource));
      redaction = prepared.redaction();
      if (prepared.target() != null && prepared.target().pin() != null) { // never with a key nobody pinned
        try {
          Teardown.Stopped stopped = connections.with(prepared.target(), c -> Teardown.stopServicesOf(c, id));
          LOG.info("{}: deletionPolicy DestroyVm: {} containers stopped before the server is deleted{}", id, stopped.containers(),
              stopped.error() == null ? "" : " (" + redaction.apply(stopped.error()) + ")");
        } catch (HostAccessException e) {
          LOG.info("{}: deletionPolicy DestroyVm: the services could not be stopped ({}); deleting the server all the same", id, e.reason());
        }
        connections.forget(prepared.target());
      }
    }
    if (token.isEmpty() || token.get().isEmpty()) {
      return cleanupFailed(resource, "Deleting the server", "Not found: Secret " + tokenRef.name() + " key " + tokenRef.key()
          + " (the Hetzner Cloud API token).", events, client);
    }
    try {
      List<Long> deleted = provisioner.destroy(ServerStage.identity(resource, spec.provider().hetzner()), token.get(),
          resource.getStatus() == null ? null : resource.getStatus().server());
      LOG.info("{}: deletionPolicy DestroyVm: server(s) {} deleted", id, deleted);
      events.record(resource, StatusEvent.normal("ServerDeleted", deleted.isEmpty() ? "No server of this resource exists in Hetzner Cloud."
          : "Deleted server" + (deleted.size() == 1 ? " " : "s ") + deleted + " in Hetzner Cloud."));
      return DeleteControl.defaultDelete();
    } catch (HetznerException e) {
      return cleanupFailed(resource, "Deleting the server", redaction.apply(e.getMessage()), events, client);
    }
  }

  /** A failed cleanup: retried with backoff a bounded number of times, then Stalled until a person acts. */
  private DeleteControl cleanupFailed(TrackerDeployment resource, String what, String problem, EventRecorder events,
      KubernetesClient client) {
    FailureCounts before = TrackerDeploymentReconciler.failuresOf(resource);
    int attempts = before.cleanupOrZero() + 1;
    StatusWriter status = new StatusWriter(client, writtenStatus);
    TrackerDeploymentStatus current = resource.getStatus() == null ? new TrackerDeploymentStatus(null, null, null, null, null, null)
        : resource.getStatus();
    FailureCounts counted = FailureCounts.of(before.reconcilesOrZero(), before.authenticationOrZero(), attempts);
    if (attempts < settings.cleanupAttempts()) {
      status.write(resource, current.withFailures(counted)); // counted in status: a restart does not reset it
      events.record(resource, StatusEvent.warning(Reasons.CLEANUP_FAILED,
          what + " failed (attempt " + attempts + " of " + settings.cleanupAttempts() + "): " + problem));
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Resync.backoff(Duration.ofMinutes(5), attempts, 0, settings));
    }
    String message = what + " failed " + attempts + " times (" + problem + "). Fix the cause, or set the annotation "
        + Annotations.DETACH + "=true to delete the resource and leave the host as it is.";
    events.record(resource, StatusEvent.warning(Reasons.CLEANUP_FAILED, message));
    status.write(resource,
        StatusCalculator.cleanupFailed(resource.getStatus(), resource.getMetadata().getGeneration(), message, clock.instant()).withFailures(counted));
    return DeleteControl.noFinalizerRemoval();
  }
}
