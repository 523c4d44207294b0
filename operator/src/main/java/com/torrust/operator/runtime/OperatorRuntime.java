package com.torrust.operator.runtime;

import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.host.AddressPolicy;
import com.torrust.operator.host.HostConnections;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.reconcile.ReconcileMetrics;
import com.torrust.operator.reconcile.ReconcileSettings;
import com.torrust.operator.reconcile.TrackerDeploymentReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operator process: JOSDK with the TrackerDeployment controller, the kept SSH connections, metrics.
 * The same code runs against a real cluster and the in-process API (server-side apply off: the mock
 * server lacks it, and a JSON patch of our own status is all the operator writes on its resource).
 */
public final class OperatorRuntime implements AutoCloseable {

  /**
   * @param namespaces the namespaces to watch; empty for all
   * @param leaseNamespace with leaderElection, where the Lease lives
   * @param identity this replica's name in the Lease (pod name)
   * @param maxConcurrentHosts hosts worked on at once (SSH sessions in flight)
   */
  public record Options(
      Set<String> namespaces, boolean leaderElection, String leaseName, String leaseNamespace, String identity,
      int maxConcurrentHosts, int reconcileThreads, ReconcileSettings settings, AddressPolicy addresses) {

    public Options(Set<String> namespaces, boolean leaderElection, String leaseName, String leaseNamespace, String identity,
        int maxConcurrentHosts, int reconcileThreads, ReconcileSettings settings) {
      this(namespaces, leaderElection, leaseName, leaseNamespace, identity, maxConcurrentHosts, reconcileThreads, settings,
          AddressPolicy.DEFAULT);
    }
  }

  private final Operator operator;
  private final HostConnections connections;
  private final boolean leaderElection;
  private final AtomicBoolean leading;

  private OperatorRuntime(Operator operator, HostConnections connections, boolean leaderElection, AtomicBoolean leading) {
    this.operator = operator;
    this.connections = connections;
    this.leaderElection = leaderElection;
    this.leading = leading;
  }

  /** Builds and starts the operator; returns once the informers have synced (or, on a standby replica, at once). */
  public static OperatorRuntime start(KubernetesClient client, Options options, MeterRegistry registry, ReconcileMetrics metrics) {
    HostConnections connections = new HostConnections(options.maxConcurrentHosts(), target -> SshConnection.open(target, options.addresses()));
    AtomicBoolean leading = new AtomicBoolean(false);
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          // The CRD is installed by the chart or by hand; no need to read CRDs (nor the RBAC for it).
          .checkingCRDAndValidateLocalModel(false)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withCloseClientOnStop(false)
          .withConcurrentReconciliationThreads(options.reconcileThreads())
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
      if (options.leaderElection()) {
        LeaderElectionConfigurationBuilder lease = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(options.leaseName())
            .withIdentity(options.identity())
            .withLeaderCallbacks(new LeaderCallbacks(() -> leading.set(true), () -> leading.set(false), leader -> {}))
            // A replica that loses the Lease stops reconciling at once; Kubernetes restarts the pod.
            .withExitOnStopLeading(false);
        if (options.leaseNamespace() != null) {
          lease.withLeaseNamespace(options.leaseNamespace());
        }
        LeaderElectionConfiguration configuration = lease.build();
        o.withLeaderElectionConfiguration(configuration);
      }
    });
    operator.register(new TrackerDeploymentReconciler(connections, options.settings(), metrics, Clock.systemUTC()), c -> {
      if (options.namespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(options.namespaces());
      }
      if (!options.settings().shard().all()) {
        // One shard: the informer lists and watches only these resources (the API server filters).
        c.withLabelSelector(options.settings().shard().selector());
      }
    });
    operator.start();
    return new OperatorRuntime(operator, connections, options.leaderElection(), leading);
  }

  /** Live: the process runs its operator. */
  public boolean live() {
    return operator.getRuntimeInfo().isStarted();
  }

  /**
   * Ready: started, and every informer connected to the API server. A standby replica (leader election
   * on, Lease held by another) has no informers running and is ready to take over: it must not block
   * a rolling update of the Deployment.
   */
  public boolean ready() {
    if (!live()) {
      return false;
    }
    return leaderElection && !leading.get() || operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /** Whether this replica reconciles (always, without leader election). */
  public boolean leading() {
    return !leaderElection || leading.get();
  }

  public int openConnections() {
    return connections.openConnections();
  }

  public long connectionsOpened() {
    return connections.connectionsOpened();
  }

  /** The resource class this runtime reconciles, for callers that list them. */
  public static Class<TrackerDeployment> resourceClass() {
    return TrackerDeployment.class;
  }

  @Override
  public void close() {
    operator.stop();
    connections.close();
  }
}
