package com.torrust.operator.reconcile;

import com.torrust.operator.admission.Admission;
import com.torrust.operator.admission.InvalidSpecException;
import com.torrust.operator.api.Condition;
import com.torrust.operator.api.Durations;
import com.torrust.operator.api.FailureCounts;
import com.torrust.operator.api.HostSpec;
import com.torrust.operator.api.SecretKeyRef;
import com.torrust.operator.api.ServerStatus;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.api.TrackerDeploymentSpec;
import com.torrust.operator.api.TrackerDeploymentStatus;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.HostConnections;
import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.provision.Provisioner;
import com.torrust.operator.provision.hetzner.HetznerClient;
import com.torrust.operator.provision.hetzner.RequestBudget;
import com.torrust.operator.plan.MissingSecretsException;
import com.torrust.operator.plan.Planner;
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
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.http.HttpClient;
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
    // Every reconcile schedules its next look; this bounds the wait if one ever ends without doing so.
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = java.util.concurrent.TimeUnit.MINUTES),
    informer = @Informer(onUpdateFilter = SpecOrControlChange.class))
public final class TrackerDeploymentReconciler implements Reconciler<TrackerDeployment>, Cleaner<TrackerDeployment> {

  public static final String NAME = "trackerdeployment";
  public static final String FINALIZER = TrackerDeployment.GROUP + "/cleanup";
  private static final String SECRET_INDEX = "referenced-secrets";
  private static final String HOST_INDEX = "host-address";
  private static final Logger LOG = LoggerFactory.getLogger(TrackerDeploymentReconciler.class);

  private final Admission admission = Admission.fromClasspath();
  /** One renderer for all reconciles: its template engine parses and caches each template once. */
  private final FileRenderer renderer = new FileRenderer();
  private final HostConnections connections;
  private final ReconcileSettings settings;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final HostVisit visits;
  /** The pins this operator wrote last, by resource uid ({pinned, next}): fresher than the cached Secret right after a write. */
  private final Map<String, String[]> pinsWritten = new ConcurrentHashMap<>();
  /** The last status this operator wrote, by resource uid: fresher than the informer's copy right after a write. */
  private final Map<String, TrackerDeploymentStatus> writtenStatus = new ConcurrentHashMap<>();
  private volatile InformerEventSource<Secret, TrackerDeployment> secrets;
  /** Deletion: the cleanup each deletionPolicy asks for, bounded and counted. */
  private final Deletion deletion;
  /** Every TrackerDeployment this operator sees, indexed by host address: who claims which host. */
  private volatile io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache<TrackerDeployment> deployments;
  /** Reconciles a resource whose host's change feed saw a change. */
  private final SimpleInboundEventSource<TrackerDeployment> hostChanges = new SimpleInboundEventSource<>("host-changes");
  private final HostWatches watches;
  /** Reconciles a resource whose outside view changed. */
  private final SimpleInboundEventSource<TrackerDeployment> outsideChanges = new SimpleInboundEventSource<>("outside-probes");
  private final OutsideProbes probes;
  /** Runs {@link #releaseDeparted}: one daemon thread. */
  private final java.util.concurrent.ScheduledExecutorService releases = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "release-departed");
    thread.setDaemon(true);
    return thread;
  });
  private final Provisioner provisioner;
  private final ServerStage servers;

  public TrackerDeploymentReconciler(HostConnections connections, ReconcileSettings settings, ReconcileMetrics metrics, Clock clock) {
    this.connections = connections;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
    this.visits = new HostVisit(connections, settings);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    // One request budget per Hetzner project (token) for every resource of this process (RequestBudget).
    RequestBudget.Shared budgets = new RequestBudget.Shared();
    this.provisioner = new Provisioner(token -> new HetznerClient(settings.providers().hetznerApi(), token, http, settings.providers().requestTimeout(),
        duration -> Thread.sleep(duration.toMillis()), budgets.forToken(token)), clock, settings.providers().createGrace());
    this.servers = new ServerStage(provisioner, connections, settings.providers(), clock);
    this.watches = new HostWatches(connections, settings.changeFeedInterval(), hostChanges::propagateEvent,
        id -> metrics.feedEnded(id.getNamespace().orElse(""), id.getName()));
    LOG.info("SSH transport readers, change feeds and session I/O run on {} threads (Java {})",
        com.torrust.operator.host.Threads.virtual() ? "virtual" : "platform", Runtime.version().feature());
    ProbeSettings probing = settings.probes();
    this.probes = new OutsideProbes(
        new com.torrust.operator.probe.Prober(probing.timeout(), com.torrust.operator.probe.Prober.defaultTls(),
            com.torrust.operator.probe.Prober.pool(probing.connections())),
        probing.concurrentResources(), outsideChanges::propagateEvent,
        (id, report) -> metrics.probed(id.getNamespace().orElse(""), id.getName(), report));
    this.deletion = new Deletion(this, connections, settings, metrics, clock, provisioner, watches, writtenStatus, pinsWritten);
  }

  /** The TrackerDeployment that claimed the resource's host before it, if any (see {@link HostClaims}). */
  Optional<TrackerDeployment> earlierClaim(TrackerDeployment resource) {
    return HostClaims.addressOf(resource).flatMap(address -> HostClaims.earlierClaim(resource,
        deployments == null ? List.of() : deployments.byIndex(HOST_INDEX, address)));
  }

  /** The spec as admission gives it (defaults applied). */
  TrackerDeployment admit(TrackerDeployment resource) throws InvalidSpecException {
    return admission.admit(resource);
  }

  @Override
  public List<EventSource<?, TrackerDeployment>> prepareEventSources(EventSourceContext<TrackerDeployment> context) {
    // A changed Secret reconciles exactly the deployments that reference it (rotation re-converges).
    context.getPrimaryCache().addIndexer(SECRET_INDEX, this::referencedSecretKeys);
    context.getPrimaryCache().addIndexer(HOST_INDEX, d -> HostClaims.addressOf(d).map(List::of).orElse(List.of()));
    deployments = context.getPrimaryCache();
    secrets = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, TrackerDeployment.class)
            .withNamespacesInheritedFromController()
            // Only Secrets opted in for TrackerDeployments: the rest of the cluster's Secrets (Helm
            // releases, service account tokens) are never held in memory.
            .withLabelSelector(settings.shard().secretSelector(SecretAccess.SELECTOR))
            .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                .byIndex(SECRET_INDEX, secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName())
                .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
            .build(),
        context);
    releases.scheduleWithFixedDelay(this::releaseDeparted, 15, 15, java.util.concurrent.TimeUnit.SECONDS);
    return List.of(secrets, hostChanges, outsideChanges);
  }

  /**
   * Lets go of resources this process no longer handles: deleted without a cleanup here, or moved to
   * another shard by a label change (the informer drops them; no reconcile says so). Their change feeds
   * stop, their prober stops and their SSH connections close, so that a host is watched by one shard only.
   */
  void releaseDeparted() {
    if (deployments == null) {
      return;
    }
    try {
      java.util.function.Predicate<ResourceID> here = id -> deployments.get(id).isPresent();
      for (SshTarget target : watches.retainOnly(here)) {
        if (target.owner() != null) {
          connections.forgetOwner(target.owner());
        }
        LOG.info("{}: no longer handled by this process (deleted or moved to another shard); its host is let go", target);
      }
      probes.retainOnly(here);
    } catch (RuntimeException e) {
      LOG.warn("letting go of departed resources failed: {}", e.toString());
    }
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

  /** The stages of a reconcile, in order; the last one always stops. Not final: a test puts a failing stage in each place. */
  List<Stage> stages = List.of(this::admit, this::claimHost, this::secrets, this::server, this::reach, this::render,
      this::firstContact, this::probe, this::visit);

  @Override
  public UpdateControl<TrackerDeployment> reconcile(TrackerDeployment resource, Context<TrackerDeployment> context) throws InterruptedException {
    // The informer's copy may not have the status this operator wrote a moment ago yet (status is
    // written directly, not through JOSDK, and only this operator writes it): start from what it wrote,
    // or a transition would be reported twice, or missed and never written.
    TrackerDeploymentStatus written = writtenStatus.get(resource.getMetadata().getUid());
    if (written != null) {
      resource.setStatus(written);
    }
    KubernetesClient client = context.getClient();
    boolean paused = Annotations.isSet(resource, Annotations.PAUSED);
    metrics.paused(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), paused);
    if (paused) {
      LOG.info("{}/{}: paused by the annotation {}; not looking at the host", resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(), Annotations.PAUSED);
      // Visible: Paused=True and one Event, the rest of status as last seen; nothing else is done.
      TrackerDeploymentStatus previous = resource.getStatus();
      TrackerDeploymentStatus next = StatusCalculator.paused(previous, clock.instant());
      EventRecorder events = new EventRecorder(client);
      StatusEvents.between(previous, next).forEach(event -> events.record(resource, event));
      new StatusWriter(client, writtenStatus).write(resource, next);
      metrics.conditions(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), next.conditions());
      return UpdateControl.noUpdate();
    }
    Attempt attempt = Attempt.start(resource, client, new StatusWriter(client, writtenStatus), new EventRecorder(client));
    Optional<Duration> sooner = Optional.empty();
    for (Stage stage : stages) {
      Stage.Step step = stage.run(attempt);
      if (step instanceof Stage.Step.Stop stop) {
        return finish(stop, sooner);
      }
      Stage.Step.Next next = (Stage.Step.Next) step;
      sooner = earliest(sooner, Optional.ofNullable(next.recheck()));
      attempt = next.attempt();
    }
    throw new IllegalStateException("the last stage, the host visit, always stops");
  }

  /** Admission: the spec with the CRD's defaults, or InvalidSpec before anything else. */
  private Stage.Step admit(Attempt attempt) {
    try {
      return new Stage.Step.Next(attempt.withDeployment(admission.admit(attempt.resource())));
    } catch (InvalidSpecException e) {
      return new Stage.Step.Stop(attempt, new Outcome.InvalidSpec(e.violations().stream().map(Object::toString).collect(Collectors.joining("; "))));
    }
  }

  /** One host, one resource: an older TrackerDeployment naming the same address claims it. */
  private Stage.Step claimHost(Attempt attempt) {
    TrackerDeployment resource = attempt.resource();
    return earlierClaim(resource).<Stage.Step>map(other -> new Stage.Step.Stop(attempt, HostClaims.claimedInCluster(resource, other)))
        .orElseGet(() -> new Stage.Step.Next(attempt));
  }

  /** The generated Secret (made or completed) and every secret value the spec needs, from Secrets it may use. */
  private Stage.Step secrets(Attempt attempt) {
    TrackerDeployment resource = attempt.resource();
    KubernetesClient client = attempt.client();
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    Secret generated;
    try {
      generated = GeneratedSecret.ensure(client, attempt.deployment(), cached(namespace, SecretResolver.generatedSecretName(name)),
          settings.shard().labelsOf(attempt.resource().getMetadata().getLabels()));
    } catch (GeneratedSecret.NotOwned e) {
      return new Stage.Step.Stop(attempt, new Outcome.SecretsMissing(Reasons.SECRET_NOT_OWNED, e.getMessage()));
    }
    ClusterSecrets lookup = lookup(client, namespace, name, generated);
    DeploymentSecrets values;
    try {
      values = SecretResolver.resolve(name, attempt.deployment().getSpec(), lookup);
    } catch (MissingSecretsException e) {
      return new Stage.Step.Stop(attempt, secretsProblem(lookup, e));
    }
    List<String> secretValues = new ArrayList<>(List.of(nullToEmpty(values.apiAdminToken()), nullToEmpty(values.mysqlPassword()),
        nullToEmpty(values.mysqlRootPassword()), nullToEmpty(values.grafanaAdminPassword())));
    // One pin store for the whole attempt: provisioning may pin a new key that reaching the host must use.
    return new Stage.Step.Next(attempt.withSecrets(generated, lookup, values, secretValues, pins(client, resource, generated)));
  }

  /** Provider Hetzner: the server exists, has booted and has its own key; its address becomes the host's. */
  private Stage.Step server(Attempt attempt) throws InterruptedException {
    if (!attempt.deployment().getSpec().provider().createsHost()) {
      return new Stage.Step.Next(attempt);
    }
    List<String> secretValues = new ArrayList<>(attempt.secretValues());
    Prepared server = provision(attempt.resource(), attempt.deployment(), attempt.lookup(), secretValues, attempt.status(), attempt.pins());
    Attempt next = attempt.withRedaction(server.redaction());
    if (server.outcome() != null) {
      return new Stage.Step.Stop(next, server.outcome());
    }
    return new Stage.Step.Next(next.withDeployment(server.deployment()));
  }

  /** How to reach the host: its SSH key and its pinned host key. */
  private Stage.Step reach(Attempt attempt) {
    Prepared reach = reach(attempt.resource(), attempt.deployment(), attempt.lookup(), attempt.secretValues(), attempt.pins());
    Attempt next = attempt.withTarget(reach.target(), reach.redaction());
    return reach.outcome() != null ? new Stage.Step.Stop(next, reach.outcome()) : new Stage.Step.Next(next);
  }

  /** The desired host state and its keyed hash. */
  private Stage.Step render(Attempt attempt) {
    TrackerDeploymentSpec spec = attempt.deployment().getSpec();
    DesiredHostState desired = renderer.render(Planner.plan(attempt.resource().getMetadata().getName(), spec), spec, attempt.values());
    String hash = AppliedHash.of(desired, ClusterSecrets.value(attempt.generated(), GeneratedSecret.STATUS_HASH_KEY).orElseThrow());
    return new Stage.Step.Next(attempt.withDesired(desired, hash));
  }

  /** No pinned key: read the one the host presents, write nothing, and wait for a person to confirm it. */
  private Stage.Step firstContact(Attempt attempt) throws InterruptedException {
    if (attempt.target().pin() != null) {
      return new Stage.Step.Next(attempt);
    }
    TrackerDeployment resource = attempt.resource();
    return new Stage.Step.Stop(attempt, visits.firstContact(attempt.target(), "kubectl -n " + resource.getMetadata().getNamespace()
        + " annotate trackerdeployment " + resource.getMetadata().getName() + " " + Annotations.HOST_KEY + "=KEY"));
  }

  /**
   * The outside prober: what to try is registered from the plan (tried on its own interval; a changed
   * verdict reconciles at once), and the latest report goes on with the attempt into status.
   */
  private Stage.Step probe(Attempt attempt) {
    ResourceID id = ResourceID.fromResource(attempt.resource());
    com.torrust.operator.api.ProbeSpec spec = attempt.deployment().getSpec().probe();
    if (!settings.probes().enabled() || spec == null || !spec.on()) {
      probes.forget(id);
      return new Stage.Step.Next(attempt);
    }
    List<java.net.InetAddress> addresses;
    try {
      addresses = settings.probes().addresses().resolveAll(attempt.target().address()); // both families of a name
    } catch (HostAccessException e) {
      probes.forget(id); // reaching the host over SSH says why
      return new Stage.Step.Next(attempt);
    }
    OutsideProbes.Plan plan = new OutsideProbes.Plan(addresses,
        com.torrust.operator.probe.ProbePlanner.plan(attempt.desired().plan(), attempt.deployment().getSpec()), Durations.parse(spec.interval()));
    return new Stage.Step.Next(attempt.withProbe(probes.latest(id).orElse(com.torrust.operator.probe.ProbeReport.PENDING), plan));
  }

  /**
   * The findings in status, or -1 when they are not known now: the host was not reached (status keeps
   * an earlier look's findings), so a metric must not read "0 findings" then.
   */
  static int driftCount(TrackerDeploymentStatus status) {
    if (status == null || status.conditions() == null || status.conditions().stream()
        .noneMatch(c -> c.type().equals(StatusCalculator.HOST_REACHABLE) && Condition.TRUE.equals(c.status()))) {
      return -1;
    }
    return status.drift() == null ? 0 : status.drift().size();
  }

  /** Stops probing a resource that goes. */
  void forgetProbes(ResourceID id) {
    probes.forget(id);
  }

  /** The host: one look, a converge when the drift mode says so; always the last stage. */
  private Stage.Step visit(Attempt attempt) throws InterruptedException {
    TrackerDeployment resource = attempt.resource();
    TrackerDeploymentSpec spec = attempt.deployment().getSpec();
    TrackerDeploymentStatus previous = attempt.atStart();
    boolean changed = previous == null || !attempt.hash().equals(previous.lastAppliedHash());
    Work work = Work.decide(spec.drift().mode(), changed);
    String requested = Annotations.value(resource, Annotations.REQUESTED_AT);
    if (work == Work.Nothing && requested != null && (previous == null || !requested.equals(previous.lastHandledReconcileAt()))) {
      work = Work.Check; // asked to look now: even with drift detection Disabled
    }
    if (work == Work.Nothing) {
      return new Stage.Step.Stop(attempt, null);
    }
    // A retry after a failure of the same generation does not mark Reconciling again: status keeps the
    // failure's reason between retries instead of flapping (Argo CD would alternate Progressing/Degraded).
    boolean retry = previous != null && previous.failures() != null && previous.failures().reconcilesOrZero() > 0
        && Long.valueOf(attempt.generation()).equals(previous.observedGeneration());
    if (work.converges() && changed && !retry) {
      attempt.status().write(resource, attempt.redaction().apply(StatusCalculator.reconciling(resource.getStatus(), attempt.generation(),
          "Applying generation " + attempt.generation() + " of the spec to the host.", clock.instant())));
    }
    Redaction redaction = attempt.redaction();
    HostVisit.Result visit = visits.visit(attempt.target(), attempt.desired(), spec, work, attempt.hash(), attempt.id(),
        com.torrust.operator.observe.ImageRecord.acceptValue(Annotations.value(resource, Annotations.ACCEPT_IMAGES)),
        line -> LOG.info("{}: {}", attempt.id(), redaction.apply(line)));
    if (visit.outcome() instanceof Outcome.Observed) {
      watches.ensure(ResourceID.fromResource(resource), attempt.target());
    }
    Outcome outcome = stallRepeatedAuthFailures(resource, visit.outcome());
    if (spec.provider().createsHost() && outcome instanceof Outcome.HostProblem problem
        && problem.reason().equals(HostAccessException.Reason.HostUnreachable.name())) {
      outcome = serverGone(resource, spec, attempt.status()).orElse(outcome);
    }
    return new Stage.Step.Stop(attempt, outcome, visit.actions(), visit.summary());
  }

  /**
   * Any exception that escapes {@link #reconcile} (an API error, a status write that failed, a spec that
   * passed admission but does not render): Ready=False with reason ReconcileError and the redacted
   * message, counted as a failure (status and metric), and looked at again with backoff, never left
   * with the status it had.
   */
  @Override
  public ErrorStatusUpdateControl<TrackerDeployment> updateErrorStatus(TrackerDeployment resource, Context<TrackerDeployment> context,
      Exception e) {
    String id = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    int failuresInARow = 1;
    try {
      TrackerDeploymentStatus written = writtenStatus.get(resource.getMetadata().getUid());
      if (written != null) {
        resource.setStatus(written);
      }
      TrackerDeploymentStatus previous = resource.getStatus();
      Redaction redaction = new Redaction(secretValuesOf(resource));
      Throwable cause = e;
      while (cause instanceof io.javaoperatorsdk.operator.OperatorException && cause.getCause() != null) {
        cause = cause.getCause(); // the framework's wrapper says nothing of its own
      }
      String detail = cause.getMessage() == null ? "" : ": " + cause.getMessage().replaceAll("[\\p{Cntrl}]", " ");
      String message = redaction.apply("The reconcile failed unexpectedly (" + cause.getClass().getSimpleName()
          + (detail.length() > 400 ? detail.substring(0, 400) + "..." : detail) + "); looked at again with backoff.");
      LOG.warn("{}: {}", id, message);
      FailureCounts before = failuresOf(resource);
      failuresInARow = before.reconcilesOrZero() + 1;
      long generation = resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
      TrackerDeploymentStatus next = handled(resource, StatusCalculator.next(previous, generation, new Outcome.ReconcileError(message),
          clock.instant()).withFailures(FailureCounts.of(failuresInARow, before.authenticationOrZero(), before.cleanupOrZero())));
      // Metric and Event first, status last: whoever sees the status can already see the rest.
      metrics.reconciled(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), Reasons.RECONCILE_ERROR, Duration.ZERO,
          driftCount(next));
      metrics.conditions(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), next.conditions());
      EventRecorder events = new EventRecorder(context.getClient());
      StatusEvents.between(previous, next).forEach(event -> events.record(resource, redaction.apply(event)));
      new StatusWriter(context.getClient(), writtenStatus).write(resource, next);
    } catch (RuntimeException again) {
      LOG.warn("{}: the reconcile failed ({}) and so did recording it: {}", id, e.getClass().getSimpleName(), again.getClass().getSimpleName());
    }
    Duration interval = Duration.ofMinutes(5);
    try {
      if (resource.getSpec() != null && resource.getSpec().resyncInterval() != null) {
        interval = Durations.parse(resource.getSpec().resyncInterval());
      }
    } catch (RuntimeException invalid) {
      // the default interval
    }
    return ErrorStatusUpdateControl.<TrackerDeployment>noStatusUpdate().withNoRetry()
        .rescheduleAfter(Resync.backoff(interval, failuresInARow, ThreadLocalRandom.current().nextDouble(), settings));
  }

  /** Every value of the Secrets the resource references, as the cache holds them: what an error message must not show. */
  private List<String> secretValuesOf(TrackerDeployment resource) {
    List<String> values = new ArrayList<>();
    for (String key : referencedSecretKeys(resource)) {
      String name = key.substring(key.indexOf('/') + 1);
      cached(resource.getMetadata().getNamespace(), name).ifPresent(secret -> {
        if (secret.getData() != null) {
          secret.getData().keySet().forEach(k -> ClusterSecrets.value(secret, k).ifPresent(values::add));
        }
        if (secret.getStringData() != null) {
          values.addAll(secret.getStringData().values());
        }
      });
    }
    return values;
  }

  /** What provisioning or reaching the host gave: the outcome that ends the attempt, or what it goes on with. */
  record Prepared(Outcome outcome, TrackerDeployment deployment, DesiredHostState desired, SshTarget target, String hash,
      Redaction redaction) {
    static Prepared stop(Outcome outcome, TrackerDeployment deployment, Redaction redaction) {
      return new Prepared(outcome, deployment, null, null, null, redaction);
    }
  }

  /**
   * The pins of a server the operator created, in the resource's generated Secret. A pin found only in
   * status (kept there by operators before this one) is moved over once, with a warning.
   */
  private ServerStage.PinStore pins(KubernetesClient client, TrackerDeployment resource, Secret generated) {
    String id = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    String uid = resource.getMetadata().getUid();
    Secret[] current = {generated};
    return new ServerStage.PinStore() {
      @Override
      public String pinned() {
        String[] written = pinsWritten.get(uid);
        if (written != null) {
          return written[0];
        }
        Optional<String> pinned = current[0] == null ? Optional.empty() : ClusterSecrets.value(current[0], GeneratedSecret.HOST_KEY);
        TrackerDeploymentStatus status = resource.getStatus();
        if (pinned.isEmpty() && current[0] != null && status != null && status.server() != null && status.host() != null
            && status.host().hostKey() != null) {
          LOG.warn("{}: moving the pinned host key of server {} from status into the generated Secret", id, status.server().id());
          Map<String, String> moved = new java.util.HashMap<>();
          moved.put(GeneratedSecret.HOST_KEY, status.host().hostKey());
          moved.put(GeneratedSecret.NEXT_HOST_KEY, status.server().nextHostKey());
          current[0] = GeneratedSecret.put(client, resource, moved);
          return status.host().hostKey();
        }
        return pinned.orElse(null);
      }

      @Override
      public String next() {
        String[] written = pinsWritten.get(uid);
        if (written != null) {
          return written[1];
        }
        return current[0] == null ? null : ClusterSecrets.value(current[0], GeneratedSecret.NEXT_HOST_KEY).orElse(null);
      }

      @Override
      public void pin(String keyLine) {
        Map<String, String> values = new java.util.HashMap<>();
        values.put(GeneratedSecret.HOST_KEY, keyLine);
        values.put(GeneratedSecret.NEXT_HOST_KEY, null);
        current[0] = GeneratedSecret.put(client, resource, values);
        pinsWritten.put(uid, new String[] {keyLine, null});
      }

      @Override
      public void next(String keyLine) {
        String pinned = pinned();
        current[0] = GeneratedSecret.put(client, resource, Map.of(GeneratedSecret.NEXT_HOST_KEY, keyLine));
        pinsWritten.put(uid, new String[] {pinned, keyLine});
      }
    };
  }

  /** The pins as the cache holds the generated Secret (deletion: no Secret is created then). */
  ServerStage.PinStore pinsOf(KubernetesClient client, TrackerDeployment resource) {
    String generatedName = SecretResolver.generatedSecretName(resource.getMetadata().getName());
    return pins(client, resource, cached(resource.getMetadata().getNamespace(), generatedName)
        .filter(secret -> GeneratedSecret.owned(secret, resource)).orElse(null));
  }

  /** The Secrets this deployment may use: its generated one, and those opted in for it (see {@link SecretAccess}). */
  ClusterSecrets lookup(KubernetesClient client, String namespace, String name, Secret generated) {
    String generatedName = SecretResolver.generatedSecretName(name);
    return new ClusterSecrets(name, secret -> generated != null && secret.equals(generatedName) ? Optional.of(generated) : cached(namespace, secret),
        secret -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(secret).get()));
  }

  /** A key the reconcile cannot go on without: refused (the Secret exists, not opted in) or not found. */
  private static Outcome notUsable(ClusterSecrets lookup, SecretKeyRef ref, String purpose) {
    return refused(lookup).orElseGet(() ->
        new Outcome.SecretsMissing("Not found: Secret " + ref.name() + " key " + ref.key() + " (" + purpose + ")."));
  }

  /** Refusals first (they name Secrets that exist), then values that cannot be written, then what is missing. */
  private static Outcome secretsProblem(ClusterSecrets lookup, MissingSecretsException e) {
    return refused(lookup).orElseGet(() -> e.unusable().isEmpty()
        ? new Outcome.SecretsMissing("Not found: " + String.join("; ", e.missing()) + ".")
        : new Outcome.SecretsMissing(Reasons.SECRET_VALUE_INVALID, String.join("; ", e.unusable()) + "."));
  }

  /** SecretNotAllowed naming every Secret that exists but may not be used, if any was. */
  private static Optional<Outcome> refused(ClusterSecrets lookup) {
    return lookup.refusals().isEmpty() ? Optional.empty()
        : Optional.of(new Outcome.SecretsMissing(Reasons.SECRET_NOT_ALLOWED, String.join("; ", lookup.refusals()) + "."));
  }

  /**
   * The provider's server (provider Hetzner): created or found, booted; the deployment comes back with
   * the server's address when the spec gives none. The API token joins the redacted values.
   */
  private Prepared provision(TrackerDeployment resource, TrackerDeployment deployment, ClusterSecrets lookup, List<String> secretValues,
      StatusWriter status, ServerStage.PinStore pins) throws InterruptedException {
    TrackerDeploymentSpec spec = deployment.getSpec();
    SecretKeyRef tokenRef = spec.provider().hetzner().tokenSecretRef();
    Optional<String> token = lookup.value(tokenRef.name(), tokenRef.key()).map(String::strip);
    secretValues.add(token.orElse(""));
    SecretKeyRef keyRef = spec.host().sshKeySecretRef();
    Optional<String> privateKey = lookup.value(keyRef.name(), keyRef.key());
    secretValues.add(privateKey.orElse(""));
    Redaction redaction = new Redaction(secretValues);
    if (token.isEmpty() || token.get().isEmpty()) {
      return Prepared.stop(notUsable(lookup, tokenRef, "the Hetzner Cloud API token"), deployment, redaction);
    }
    if (!HetznerClient.isWellFormedToken(token.get())) {
      // Never handed to the HTTP client: its exception would carry the value into logs.
      return Prepared.stop(new Outcome.SecretsMissing(Reasons.SECRET_VALUE_INVALID, "Secret " + tokenRef.name() + " key " + tokenRef.key()
          + " (the Hetzner Cloud API token) contains characters an API token never has (only printable ASCII without spaces)."),
          deployment, redaction);
    }
    if (privateKey.isEmpty() || privateKey.get().isBlank()) {
      return Prepared.stop(notUsable(lookup, keyRef, "the SSH private key"), deployment, redaction);
    }
    ServerStage.Result result = servers.run(resource, spec.host(), spec.provider().hetzner(), token.get(), privateKey.get(), status, pins);
    if (result.stop() != null) {
      return Prepared.stop(result.stop(), deployment, redaction);
    }
    TrackerDeployment located = new TrackerDeployment();
    located.setMetadata(deployment.getMetadata());
    located.setSpec(spec.withHost(spec.host().withAddress(result.address())));
    located.setStatus(resource.getStatus());
    return new Prepared(null, located, null, null, null, redaction);
  }

  /** How to reach the host: the SSH key from its Secret, the host key pinned in the spec or, once seen, in status. */
  Prepared reach(TrackerDeployment resource, TrackerDeployment deployment, ClusterSecrets lookup, List<String> otherSecrets,
      ServerStage.PinStore pins) {
    TrackerDeploymentSpec spec = deployment.getSpec();
    var keyRef = spec.host().sshKeySecretRef();
    Optional<String> privateKey = lookup.value(keyRef.name(), keyRef.key());
    List<String> secretValues = new ArrayList<>(otherSecrets);
    secretValues.add(privateKey.orElse(""));
    Redaction redaction = new Redaction(secretValues);
    if (privateKey.isEmpty() || privateKey.get().isBlank()) {
      return Prepared.stop(notUsable(lookup, keyRef, "the SSH private key"), deployment, redaction);
    }
    // The pin comes from the spec or from a person's confirmation (an annotation); status only shows it.
    // A server the operator created has the key it generated, pinned in the generated Secret.
    String confirmed = Annotations.value(resource, Annotations.HOST_KEY);
    String pinned = spec.host().hostKey() != null ? spec.host().hostKey()
        : confirmed != null ? confirmed
        : spec.provider().createsHost() ? pins.pinned() : null;
    HostKeyPin pin;
    try {
      boolean fromAnnotation = spec.host().hostKey() == null && confirmed != null;
      if (fromAnnotation && !confirmed.matches(com.torrust.operator.api.Formats.HOST_KEY_PATTERN)) {
        throw new IllegalArgumentException("a confirmed host key is 'SHA256:...' (as ssh-keygen -lf prints it) or 'TYPE BASE64'");
      }
      pin = pinned == null ? null : HostKeyPin.parse(pinned);
    } catch (IllegalArgumentException e) {
      String where = spec.host().hostKey() != null ? "spec.host.hostKey" : "annotation " + Annotations.HOST_KEY;
      return Prepared.stop(new Outcome.InvalidSpec(where + ": " + e.getMessage()), deployment, redaction);
    }
    HostSpec host = spec.host();
    return new Prepared(null, deployment, null, new SshTarget(host.address(), host.sshPort(), host.user(), privateKey.get(), pin)
        .withOwner(resource.getMetadata().getUid()), null, redaction);
  }

  private Optional<Secret> cached(String namespace, String name) {
    return secrets == null ? Optional.empty() : secrets.get(new ResourceID(name, namespace));
  }

  /** A server that stopped answering may have been deleted outside the operator: then it is forgotten and created again. */
  private Optional<Outcome> serverGone(TrackerDeployment resource, TrackerDeploymentSpec spec, StatusWriter status)
      throws InterruptedException {
    SecretKeyRef tokenRef = spec.provider().hetzner().tokenSecretRef();
    Optional<String> token = cached(resource.getMetadata().getNamespace(), tokenRef.name())
        .flatMap(secret -> ClusterSecrets.value(secret, tokenRef.key())).map(String::strip);
    ServerStatus server = resource.getStatus() == null ? null : resource.getStatus().server();
    if (token.isEmpty() || server == null || !servers.forgetIfGone(resource, token.get(), status)) {
      return Optional.empty();
    }
    return Optional.of(new Outcome.HostProblem("ServerGone", "Server " + server.id() + " (" + server.name()
        + ") no longer exists in Hetzner Cloud (deleted outside the operator); a new server is created at the next look.", false));
  }

  /** The failure counts in the resource's status (the freshest this operator wrote), never null. */
  static FailureCounts failuresOf(TrackerDeployment resource) {
    return resource.getStatus() == null ? FailureCounts.NONE : resource.getStatus().failuresOrNone();
  }

  private static boolean authenticationFailed(Outcome outcome) {
    return outcome instanceof Outcome.HostProblem problem && problem.reason().equals(HostAccessException.Reason.AuthenticationFailed.name());
  }

  /** AuthenticationFailed stalls only when it repeats: a key being rotated may be refused once. */
  private Outcome stallRepeatedAuthFailures(TrackerDeployment resource, Outcome outcome) {
    if (outcome instanceof Outcome.HostProblem problem && problem.reason().equals(HostAccessException.Reason.AuthenticationFailed.name())) {
      int count = failuresOf(resource).authenticationOrZero() + 1;
      if (count >= settings.authFailuresBeforeStall()) {
        return new Outcome.HostProblem(problem.reason(), problem.message() + " (" + count + " attempts in a row)", true);
      }
    }
    return outcome;
  }

  /** The status, showing the requestedAt value this reconcile handled (when there is one). */
  private static TrackerDeploymentStatus handled(TrackerDeployment resource, TrackerDeploymentStatus status) {
    String requested = Annotations.value(resource, Annotations.REQUESTED_AT);
    return status == null || requested == null || requested.equals(status.lastHandledReconcileAt()) ? status
        : status.withLastHandledReconcileAt(requested);
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() || a.get().compareTo(b.get()) <= 0 ? a : b;
  }

  /**
   * Status, Events, metrics and the next look, from what the attempt's last stage decided.
   *
   * @param sooner the earliest look again that a stage before asked for, if any
   */
  private UpdateControl<TrackerDeployment> finish(Stage.Step.Stop stop, Optional<Duration> sooner) {
    Attempt attempt = stop.attempt();
    TrackerDeployment resource = attempt.resource();
    Outcome outcome = stop.outcome() instanceof Outcome.Observed observed ? observed.withProbe(attempt.probe())
        : stop.outcome() instanceof Outcome.HostProblem problem && problem.unreachable() && attempt.probePlan() != null
            ? problem.withProbe(attempt.probe()) : stop.outcome();
    long generation = attempt.generation();
    StatusWriter status = attempt.status();
    EventRecorder events = attempt.events();
    Redaction redaction = attempt.redaction();
    int actions = stop.actions();
    String summary = stop.summary();
    TrackerDeploymentStatus atStart = attempt.atStart();
    String id = attempt.id();
    long started = attempt.started();
    String resyncInterval = attempt.resyncInterval();
    TrackerDeploymentStatus previous = resource.getStatus();
    FailureCounts before = failuresOf(resource);
    boolean failed = outcome != null && !(outcome instanceof Outcome.Observed observed && observed.convergeError() == null);
    int failuresInARow = failed ? before.reconcilesOrZero() + 1 : 0;
    TrackerDeploymentStatus next = StatusCalculator.resumed(handled(resource, outcome == null
        ? StatusCalculator.unchanged(previous, generation)
        : redaction.apply(StatusCalculator.next(previous, generation, outcome, clock.instant()))
            .withFailures(FailureCounts.of(failuresInARow, authenticationFailed(outcome) ? before.authenticationOrZero() + 1 : 0,
                before.cleanupOrZero()))));
    if ((outcome instanceof Outcome.Observed || outcome instanceof Outcome.HostProblem p && p.unreachable()) && attempt.probePlan() != null) {
      // Registered once the host was looked at (and converged), or when SSH cannot reach it at all (then the
      // outside view is the only one): tried from now on, on its own interval.
      probes.ensure(ResourceID.fromResource(resource), attempt.probePlan());
      if (actions > 0) {
        probes.again(ResourceID.fromResource(resource)); // the host changed: the outside view from before it should not stand an interval
      }
    }
    // Events first, status last (as on the error path): whoever sees the status can already see the Events that explain it.
    if (actions > 0) {
      events.record(resource, StatusEvent.normal("ChangesApplied", actions + " action" + (actions == 1 ? "" : "s") + " on the host: " + summary + "."));
    }
    for (StatusEvent event : StatusEvents.between(atStart, next)) {
      events.record(resource, redaction.apply(event));
    }
    status.write(resource, next);
    String result = next == null || next.conditions() == null ? Condition.UNKNOWN : next.conditions().stream()
        .filter(c -> c.type().equals(StatusCalculator.READY)).map(c -> c.reason()).findFirst().orElse(Condition.UNKNOWN);
    metrics.reconciled(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), result,
        Duration.ofNanos(System.nanoTime() - started), driftCount(next));
    if (next != null && next.conditions() != null) {
      metrics.conditions(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), next.conditions());
    }
    Duration interval = resyncInterval == null ? Duration.ofMinutes(5) : Durations.parse(resyncInterval);
    Optional<Duration> after = earliest(outcome == null
        ? Optional.of(Resync.jittered(interval, ThreadLocalRandom.current().nextDouble(), settings.jitter()))
        : Resync.after(outcome, interval, Math.max(1, failuresInARow), ThreadLocalRandom.current().nextDouble(), settings), sooner);
    LOG.debug("{}: {} in {} ms; next look in {}", id, result, (System.nanoTime() - started) / 1_000_000, after.map(Duration::toString).orElse("never"));
    UpdateControl<TrackerDeployment> control = UpdateControl.noUpdate();
    return after.map(control::rescheduleAfter).orElse(control);
  }

  @Override
  public DeleteControl cleanup(TrackerDeployment resource, Context<TrackerDeployment> context) throws InterruptedException {
    return deletion.cleanup(resource, context.getClient());
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
