package com.torrust.operator.reconcile;

import com.torrust.operator.admission.Admission;
import com.torrust.operator.admission.InvalidSpecException;
import com.torrust.operator.api.DeletionPolicy;
import com.torrust.operator.api.HostSpec;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.api.TrackerDeploymentSpec;
import com.torrust.operator.api.TrackerDeploymentStatus;
import com.torrust.operator.converge.Teardown;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.HostConnections;
import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.MissingSecretsException;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.plan.SecretLookup;
import com.torrust.operator.plan.SecretResolver;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile loop: spec and Secrets -> plan -> observe -> drift -> converge (per drift.mode) ->
 * status, Events and the next look. Deciding is done by the pure parts (Planner, DriftEngine,
 * ConvergePlanner, Work, StatusCalculator, StatusEvents, Resync); this class only wires them to
 * Kubernetes and the host.
 */
@ControllerConfiguration(
    name = TrackerDeploymentReconciler.NAME,
    finalizerName = TrackerDeploymentReconciler.FINALIZER,
    // Status writes must not start reconciles: only spec, deletion, finalizer and annotation changes do.
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrControlChange.class))
public final class TrackerDeploymentReconciler implements Reconciler<TrackerDeployment>, Cleaner<TrackerDeployment> {

  public static final String NAME = "trackerdeployment";
  public static final String FINALIZER = TrackerDeployment.GROUP + "/cleanup";
  private static final String SECRET_INDEX = "referenced-secrets";
  private static final Logger LOG = LoggerFactory.getLogger(TrackerDeploymentReconciler.class);

  private final Admission admission = Admission.fromClasspath();
  /** One renderer for all reconciles: its template engine parses and caches each template once. */
  private final FileRenderer renderer = new FileRenderer();
  private final HostConnections connections;
  private final ReconcileSettings settings;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final HostVisit visits;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Map<String, Integer> cleanupFailures = new ConcurrentHashMap<>();
  private volatile InformerEventSource<Secret, TrackerDeployment> secrets;
  /** Reconciles a resource whose host's change feed saw a change. */
  private final SimpleInboundEventSource<TrackerDeployment> hostChanges = new SimpleInboundEventSource<>("host-changes");
  private final HostWatches watches;

  public TrackerDeploymentReconciler(HostConnections connections, ReconcileSettings settings, ReconcileMetrics metrics, Clock clock) {
    this.connections = connections;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
    this.visits = new HostVisit(connections, settings);
    this.watches = new HostWatches(connections, settings.changeFeedInterval(), hostChanges::propagateEvent);
  }

  @Override
  public List<EventSource<?, TrackerDeployment>> prepareEventSources(EventSourceContext<TrackerDeployment> context) {
    // A changed Secret reconciles exactly the deployments that reference it (rotation re-converges).
    context.getPrimaryCache().addIndexer(SECRET_INDEX, this::referencedSecretKeys);
    secrets = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, TrackerDeployment.class)
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                .byIndex(SECRET_INDEX, secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName())
                .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
            .build(),
        context);
    return List.of(secrets, hostChanges);
  }

  /** "namespace/name" of every Secret the deployment reads, from its spec with defaults applied. */
  List<String> referencedSecretKeys(TrackerDeployment deployment) {
    String namespace = deployment.getMetadata().getNamespace();
    String name = deployment.getMetadata().getName();
    try {
      return SecretResolver.referencedSecretNames(name, admission.admit(deployment).getSpec()).stream().map(s -> namespace + "/" + s).toList();
    } catch (InvalidSpecException | RuntimeException incompleteSpec) {
      // Invalid (admission reports it); the SSH key and the generated Secret are still worth watching.
      List<String> keys = new ArrayList<>(List.of(namespace + "/" + SecretResolver.generatedSecretName(name)));
      HostSpec host = deployment.getSpec() == null ? null : deployment.getSpec().host();
      if (host != null && host.sshKeySecretRef() != null && host.sshKeySecretRef().name() != null) {
        keys.add(namespace + "/" + host.sshKeySecretRef().name());
      }
      return keys;
    }
  }

  @Override
  public UpdateControl<TrackerDeployment> reconcile(TrackerDeployment resource, Context<TrackerDeployment> context) throws InterruptedException {
    String id = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    if (Annotations.isSet(resource, Annotations.PAUSED)) {
      LOG.info("{}: paused by the annotation {}; not looking at the host", id, Annotations.PAUSED);
      return UpdateControl.noUpdate();
    }
    long started = System.nanoTime();
    KubernetesClient client = context.getClient();
    StatusWriter status = new StatusWriter(client);
    EventRecorder events = new EventRecorder(client);
    long generation = resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
    TrackerDeploymentStatus previous = resource.getStatus();

    Prepared prepared = prepare(resource, client);
    Outcome outcome = prepared.outcome();
    Redaction redaction = prepared.redaction();
    int actions = 0;
    String summary = "";
    if (outcome == null) {
      TrackerDeploymentSpec spec = prepared.deployment().getSpec();
      boolean changed = previous == null || !prepared.hash().equals(previous.lastAppliedHash());
      Work work = Work.decide(spec.drift().mode(), changed);
      if (work == Work.Nothing) {
        return finish(resource, id, started, null, generation, status, events, redaction, spec.resyncInterval(), 0, "");
      }
      if (work.converges() && changed) {
        status.write(resource, redaction.apply(StatusCalculator.reconciling(previous, generation,
            "Applying generation " + generation + " of the spec to the host.", clock.instant())));
      }
      HostVisit.Result visit = visits.visit(prepared.target(), prepared.desired(), spec, work, prepared.hash(),
          line -> LOG.info("{}: {}", id, redaction.apply(line)));
      if (prepared.target().pin() == null) {
        // Trust on first use: the key seen is in status now and pinned from the next reconcile on.
        connections.forget(prepared.target());
      } else if (visit.outcome() instanceof Outcome.Observed) {
        watches.ensure(ResourceID.fromResource(resource), prepared.target());
      }
      outcome = stallRepeatedAuthFailures(resource, visit.outcome());
      actions = visit.actions();
      summary = visit.summary();
    }
    return finish(resource, id, started, outcome, generation, status, events, redaction,
        prepared.deployment() == null ? null : prepared.deployment().getSpec().resyncInterval(), actions, summary);
  }

  /** The reconcile's inputs, or the outcome that ends it before any host is contacted. */
  private record Prepared(Outcome outcome, TrackerDeployment deployment, DesiredHostState desired, SshTarget target, String hash,
      Redaction redaction) {
    static Prepared stop(Outcome outcome, TrackerDeployment deployment, Redaction redaction) {
      return new Prepared(outcome, deployment, null, null, null, redaction);
    }
  }

  private Prepared prepare(TrackerDeployment resource, KubernetesClient client) {
    TrackerDeployment deployment;
    try {
      deployment = admission.admit(resource);
    } catch (InvalidSpecException e) {
      return Prepared.stop(new Outcome.InvalidSpec(e.violations().stream().map(Object::toString).collect(Collectors.joining("; "))), null,
          Redaction.NONE);
    }
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    String generatedName = SecretResolver.generatedSecretName(name);
    Secret generated = GeneratedSecret.ensure(client, deployment, cached(namespace, generatedName));
    SecretLookup lookup = new ClusterSecrets(secret -> secret.equals(generatedName) ? Optional.of(generated) : cached(namespace, secret));
    TrackerDeploymentSpec spec = deployment.getSpec();
    DeploymentSecrets values;
    try {
      values = SecretResolver.resolve(name, spec, lookup);
    } catch (MissingSecretsException e) {
      return Prepared.stop(new Outcome.SecretsMissing("Not found: " + String.join("; ", e.missing()) + "."), deployment, Redaction.NONE);
    }
    Prepared reach = reach(resource, deployment, lookup, List.of(nullToEmpty(values.apiAdminToken()), nullToEmpty(values.mysqlPassword()),
        nullToEmpty(values.mysqlRootPassword()), nullToEmpty(values.grafanaAdminPassword())));
    if (reach.outcome() != null) {
      return reach;
    }
    DesiredHostState desired = renderer.render(Planner.plan(name, spec), spec, values);
    String hash = AppliedHash.of(desired, ClusterSecrets.value(generated, GeneratedSecret.STATUS_HASH_KEY).orElseThrow());
    return new Prepared(null, deployment, desired, reach.target(), hash, reach.redaction());
  }

  /** How to reach the host: the SSH key from its Secret, the host key pinned in the spec or, once seen, in status. */
  private Prepared reach(TrackerDeployment resource, TrackerDeployment deployment, SecretLookup lookup, List<String> otherSecrets) {
    TrackerDeploymentSpec spec = deployment.getSpec();
    var keyRef = spec.host().sshKeySecretRef();
    Optional<String> privateKey = lookup.value(keyRef.name(), keyRef.key());
    List<String> secretValues = new ArrayList<>(otherSecrets);
    secretValues.add(privateKey.orElse(""));
    Redaction redaction = new Redaction(secretValues);
    if (privateKey.isEmpty() || privateKey.get().isBlank()) {
      return Prepared.stop(new Outcome.SecretsMissing("Not found: Secret " + keyRef.name() + " key " + keyRef.key() + " (the SSH private key)."),
          deployment, redaction);
    }
    String pinned = spec.host().hostKey() != null ? spec.host().hostKey()
        : resource.getStatus() != null && resource.getStatus().host() != null ? resource.getStatus().host().hostKey() : null;
    HostKeyPin pin;
    try {
      pin = pinned == null ? null : HostKeyPin.parse(pinned);
    } catch (IllegalArgumentException e) {
      return Prepared.stop(new Outcome.InvalidSpec("spec.host.hostKey: " + e.getMessage()), deployment, redaction);
    }
    HostSpec host = spec.host();
    return new Prepared(null, deployment, null, new SshTarget(host.address(), host.sshPort(), host.user(), privateKey.get(), pin), null, redaction);
  }

  private Optional<Secret> cached(String namespace, String name) {
    return secrets == null ? Optional.empty() : secrets.get(new ResourceID(name, namespace));
  }

  /** AuthenticationFailed stalls only when it repeats: a key being rotated may be refused once. */
  private Outcome stallRepeatedAuthFailures(TrackerDeployment resource, Outcome outcome) {
    if (outcome instanceof Outcome.HostProblem problem && problem.reason().equals(HostAccessException.Reason.AuthenticationFailed.name())) {
      int count = failures.getOrDefault(resource.getMetadata().getUid(), 0) + 1;
      if (count >= settings.authFailuresBeforeStall()) {
        return new Outcome.HostProblem(problem.reason(), problem.message() + " (" + count + " attempts in a row)", true);
      }
    }
    return outcome;
  }

  private UpdateControl<TrackerDeployment> finish(TrackerDeployment resource, String id, long started, Outcome outcome, long generation,
      StatusWriter status, EventRecorder events, Redaction redaction, String resyncInterval, int actions, String summary) {
    TrackerDeploymentStatus previous = resource.getStatus();
    TrackerDeploymentStatus next = outcome == null
        ? StatusCalculator.unchanged(previous, generation)
        : redaction.apply(StatusCalculator.next(previous, generation, outcome, clock.instant()));
    status.write(resource, next);
    if (actions > 0) {
      events.record(resource, StatusEvent.normal("ChangesApplied", actions + " action" + (actions == 1 ? "" : "s") + " on the host: " + summary + "."));
    }
    for (StatusEvent event : StatusEvents.between(previous, next)) {
      events.record(resource, redaction.apply(event));
    }
    String uid = resource.getMetadata().getUid();
    boolean failed = outcome != null && !(outcome instanceof Outcome.Observed observed && observed.convergeError() == null);
    int failuresInARow = failed ? failures.merge(uid, 1, Integer::sum) : 0;
    if (!failed) {
      failures.remove(uid);
    }
    String result = next == null || next.conditions() == null ? "Unknown" : next.conditions().stream()
        .filter(c -> c.type().equals(StatusCalculator.READY)).map(c -> c.reason()).findFirst().orElse("Unknown");
    metrics.reconciled(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), result,
        Duration.ofNanos(System.nanoTime() - started), next == null || next.drift() == null ? 0 : next.drift().size());
    Duration interval = resyncInterval == null ? Duration.ofMinutes(5) : Durations.parse(resyncInterval);
    Optional<Duration> after = outcome == null
        ? Optional.of(Resync.jittered(interval, ThreadLocalRandom.current().nextDouble(), settings.jitter()))
        : Resync.after(outcome, interval, Math.max(1, failuresInARow), ThreadLocalRandom.current().nextDouble(), settings);
    LOG.debug("{}: {} in {} ms; next look in {}", id, result, (System.nanoTime() - started) / 1_000_000, after.map(Duration::toString).orElse("never"));
    UpdateControl<TrackerDeployment> control = UpdateControl.noUpdate();
    return after.map(control::rescheduleAfter).orElse(control);
  }

  @Override
  public DeleteControl cleanup(TrackerDeployment resource, Context<TrackerDeployment> context) throws InterruptedException {
    String id = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    String uid = resource.getMetadata().getUid();
    EventRecorder events = new EventRecorder(context.getClient());
    metrics.forget(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    watches.stop(ResourceID.fromResource(resource)); // stopping services would only wake it
    failures.remove(uid);
    if (Annotations.isSet(resource, Annotations.DETACH)) {
      LOG.info("{}: detached by the annotation {}; the host is left as it is", id, Annotations.DETACH);
      cleanupFailures.remove(uid);
      return DeleteControl.defaultDelete();
    }
    TrackerDeployment deployment;
    try {
      deployment = admission.admit(resource);
    } catch (InvalidSpecException e) {
      // Without a valid spec there is no host to clean up reliably; the resource goes, the host stays.
      LOG.warn("{}: deleted with an invalid spec; the host is left as it is", id);
      return DeleteControl.defaultDelete();
    }
    // Only the SSH key is needed to stop services: no generated Secret is created for a resource on its way out.
    String namespace = resource.getMetadata().getNamespace();
    Prepared prepared = reach(resource, deployment, new ClusterSecrets(secret -> cached(namespace, secret)), List.of());
    if (deployment.getSpec().deletionPolicy() == DeletionPolicy.Retain) {
      if (prepared.target() != null) {
        connections.forget(prepared.target());
      }
      cleanupFailures.remove(uid);
      return DeleteControl.defaultDelete();
    }
    String problem;
    if (prepared.target() == null) {
      problem = prepared.outcome() instanceof Outcome.SecretsMissing missing ? missing.message() : String.valueOf(prepared.outcome());
    } else {
      try {
        Teardown.Stopped stopped = connections.with(prepared.target(), Teardown::stopServices);
        if (stopped.error() == null) {
          LOG.info("{}: deletionPolicy StopServices: {} containers stopped and removed", id, stopped.containers());
          connections.forget(prepared.target());
          cleanupFailures.remove(uid);
          return DeleteControl.defaultDelete();
        }
        problem = stopped.error();
      } catch (HostAccessException e) {
        problem = e.reason() + ": " + e.getMessage();
      }
    }
    int attempts = cleanupFailures.merge(uid, 1, Integer::sum);
    problem = prepared.redaction().apply(problem);
    if (attempts < settings.cleanupAttempts()) {
      events.record(resource, StatusEvent.warning("CleanupFailed",
          "Stopping the services failed (attempt " + attempts + " of " + settings.cleanupAttempts() + "): " + problem));
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Resync.backoff(Duration.ofMinutes(5), attempts, 0, settings));
    }
    String message = "Stopping the services failed " + attempts + " times (" + problem + "). Fix the host, or set the annotation "
        + Annotations.DETACH + "=true to delete the resource and leave the host as it is.";
    events.record(resource, StatusEvent.warning("CleanupFailed", message));
    new StatusWriter(context.getClient()).write(resource,
        StatusCalculator.cleanupFailed(resource.getStatus(), resource.getMetadata().getGeneration(), message, clock.instant()));
    return DeleteControl.noFinalizerRemoval();
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
