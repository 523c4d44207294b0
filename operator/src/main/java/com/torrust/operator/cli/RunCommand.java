package com.torrust.operator.cli;

import com.torrust.operator.host.AddressPolicy;
import com.torrust.operator.reconcile.ReconcileSettings;
import com.torrust.operator.runtime.EmbeddedApi;
import com.torrust.operator.runtime.HttpEndpoints;
import com.torrust.operator.runtime.OperatorRuntime;
import com.torrust.operator.runtime.PrometheusMetrics;
import com.torrust.operator.runtime.StatusConsole;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The operator: watches TrackerDeployments and keeps their hosts converged until stopped. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the operator: watch TrackerDeployments (and the Secrets they reference), converge each host over SSH"
          + " and report drift in status, until stopped (SIGTERM or Ctrl-C stop it gracefully).",
      "Reaches the cluster through --kubeconfig, $KUBECONFIG, ~/.kube/config or, in a pod, its service account.",
      "With --embedded-api it needs no cluster: an in-memory Kubernetes API runs in the process (see --apply)."
    },
    footer = {
      "",
      "HTTP on --http-port: /healthz (live), /readyz (informers connected), /metrics (Prometheus).",
      "Exit codes: 0 stopped, 2 bad options or an unreadable --apply directory, 1 could not start."
    })
final class RunCommand implements Callable<Integer> {

  enum LogFormat { text, json }

  @Option(names = {"-n", "--namespace"}, split = ",", paramLabel = "NAMESPACE", defaultValue = "${env:WATCH_NAMESPACES}",
      description = "Namespace to watch; repeat or separate with commas. Default: all namespaces (or $WATCH_NAMESPACES).")
  List<String> namespaces;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file to use instead of the default lookup.")
  Path kubeconfig;

  @Option(names = "--leader-election", description = "Run as one of several replicas: only the holder of a Lease reconciles.")
  boolean leaderElection;

  @Option(names = "--lease-name", paramLabel = "NAME",
      description = "Name of the Lease (default: tracker-operator, or tracker-operator-HASH for a --label-selector shard: its replicas share one"
          + " Lease, other shards have their own).")
  String leaseName;

  @Option(names = {"-l", "--label-selector"}, paramLabel = "SELECTOR", defaultValue = "${env:LABEL_SELECTOR}",
      description = "Handle only the TrackerDeployments this label selector selects (kubectl's syntax, e.g. sharding.fluxcd.io/key=shard1):"
          + " one shard of several processes. Secrets with the same labels are cached and watched; others are read by name when needed."
          + " Default: all (or $LABEL_SELECTOR).")
  String labelSelector;

  @Option(names = "--lease-namespace", defaultValue = "${env:POD_NAMESPACE}", paramLabel = "NAMESPACE",
      description = "Namespace of the Lease (default: $POD_NAMESPACE, else the client's namespace).")
  String leaseNamespace;

  @Option(names = "--identity", defaultValue = "${env:POD_NAME}", paramLabel = "NAME",
      description = "This replica's name in the Lease (default: $POD_NAME, else host name and a random suffix).")
  String identity;

  @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT", description = "Port of /healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}; 0: any free port).")
  int httpPort;

  @Option(names = "--http-address", defaultValue = "0.0.0.0", paramLabel = "ADDRESS", description = "Address to serve HTTP on (default: ${DEFAULT-VALUE}).")
  String httpAddress;

  @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT", description = "text (default) or json (one ECS object per line).")
  LogFormat logFormat;

  /** The operator's own log levels (the libraries' stay at warn). */
  enum LogLevel { error, warn, info, debug, trace }

  @Option(names = "--log-level", defaultValue = "info", paramLabel = "LEVEL",
      description = "How much the operator logs: error, warn, info (default: every change, refusal and failure), debug (every"
          + " reconcile and its next look) or trace.")
  LogLevel logLevel;

  @Option(names = "--max-concurrent-hosts", defaultValue = "32", paramLabel = "N", description = "Hosts worked on at once (default: ${DEFAULT-VALUE}).")
  int maxConcurrentHosts;

  @Option(names = "--reconcile-threads", defaultValue = "32", paramLabel = "N", description = "Reconciles running at once (default: ${DEFAULT-VALUE}).")
  int reconcileThreads;

  @Option(names = "--health-wait", defaultValue = "60", paramLabel = "SECONDS",
      description = "How long a reconcile waits for services after a converge before it lets go and looks again soon (default: ${DEFAULT-VALUE}).")
  int healthWaitSeconds;

  @Option(names = "--change-feed-interval", defaultValue = "30", paramLabel = "SECONDS",
      description = "How often each host's change feed reads the host's socket tables whatever their counts say"
          + " (the counts are read every 0.75 s and a change in them reads the tables at once; containers, UFW and the"
          + " firewall come as events where the host has them); a change reconciles that resource at once."
          + " 0 turns the feeds off (default: ${DEFAULT-VALUE}).")
  int changeFeedSeconds;

  @Option(names = "--probe", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Try every TrackerDeployment from outside on its spec.probe.interval (its endpoints in their protocols, closed ports"
          + " closed): the Serving condition. --no-probe turns the prober off for every resource (default: on).")
  boolean probe;

  @Option(names = "--probe-timeout", defaultValue = "3", paramLabel = "SECONDS",
      description = "How long one try of the outside prober waits for an answer (default: ${DEFAULT-VALUE}).")
  int probeTimeoutSeconds;

  @Option(names = "--probe-connections", defaultValue = "32", paramLabel = "N",
      description = "Resources the outside prober tries at once, and its endpoint tries in flight at once across them"
          + " (default: ${DEFAULT-VALUE}).")
  int probeConnections;

  @Option(names = "--embedded-api", description = "Start an in-memory Kubernetes API on 127.0.0.1 with the CRD installed, and run against it.")
  boolean embeddedApi;

  @Option(names = "--embedded-api-kubeconfig", paramLabel = "FILE",
      description = "With --embedded-api: where to write the kubeconfig for kubectl (mode 0600, removed on exit; default: a file in the"
          + " temporary folder, printed at start).")
  Path embeddedKubeconfig;

  @Option(names = "--embedded-api-port", defaultValue = "0", paramLabel = "PORT", description = "Port of the embedded API (default: any free port).")
  int embeddedApiPort;

  @Option(names = "--apply", paramLabel = "DIR", description = "With --embedded-api: create the objects of every YAML file in DIR (Secrets, TrackerDeployments).")
  Path applyDirectory;

  @Option(names = "--allow-host-cidr", split = ",", paramLabel = "CIDR", defaultValue = "${env:ALLOW_HOST_CIDRS}",
      description = "Connect only to hosts in these address ranges (repeatable or comma-separated, e.g. 203.0.113.0/24); default: any"
          + " address that is not refused.")
  List<String> allowHostCidrs;

  @Option(names = "--deny-host-cidr", split = ",", paramLabel = "CIDR", defaultValue = "${env:DENY_HOST_CIDRS}",
      description = "Never connect to hosts in these address ranges, e.g. the cluster's pod and service ranges (repeatable or"
          + " comma-separated). Link-local addresses (the cloud's metadata service) are always refused.")
  List<String> denyHostCidrs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Whether the in-memory API's server is in this jar (the lean jar of the image leaves it out); looked up, not linked. */
  static boolean embeddedApiBuiltIn() {
    try {
      Class.forName("io.fabric8.kubernetes.client.server.mock.KubernetesMockServer", false, RunCommand.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (applyDirectory != null && !embeddedApi) {
      err.println("error: --apply needs --embedded-api (against a cluster, use kubectl apply)");
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    if (embeddedApi && !embeddedApiBuiltIn()) {
      err.println("error: --embedded-api: this build (the operator image's lean jar, tracker-operator-slim.jar) leaves the embedded"
          + " API out; run the full jar (tracker-operator.jar, or scripts/demo.sh) to try the operator without a cluster");
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    if (changeFeedSeconds < 0) {
      err.println("error: --change-feed-interval must be 0 (off) or more seconds");
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    if (probeTimeoutSeconds < 1 || probeTimeoutSeconds > 60 || probeConnections < 1 || probeConnections > 1024) {
      err.println("error: --probe-timeout must be 1 to 60 seconds and --probe-connections 1 to 1024");
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    if (applyDirectory != null && !Files.isDirectory(applyDirectory)) {
      err.println("error: --apply " + applyDirectory + ": not a directory");
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    com.torrust.operator.reconcile.Shard shard;
    try {
      shard = com.torrust.operator.reconcile.Shard.parse(labelSelector);
    } catch (IllegalArgumentException e) {
      err.println("error: --label-selector: " + e.getMessage());
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    if (leaseName == null || leaseName.isBlank()) {
      leaseName = "tracker-operator" + shard.leaseSuffix();
    }
    AddressPolicy addresses;
    try {
      addresses = AddressPolicy.of(allowHostCidrs == null ? List.of() : allowHostCidrs, denyHostCidrs == null ? List.of() : denyHostCidrs);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    if (logFormat == LogFormat.json) {
      useJsonLogs();
    }
    org.apache.logging.log4j.core.config.Configurator.setLevel("com.torrust.operator",
        org.apache.logging.log4j.Level.valueOf(logLevel.name().toUpperCase(java.util.Locale.ROOT)));
    EmbeddedApi api = null;
    KubernetesClient client;
    if (embeddedApi) {
      api = EmbeddedApi.start(embeddedApiPort);
      client = api.client();
      Path written = api.writeKubeconfig(embeddedKubeconfig != null ? embeddedKubeconfig
          : Path.of(System.getProperty("java.io.tmpdir"), "tracker-operator-embedded-" + ProcessHandle.current().pid() + ".kubeconfig"));
      embeddedKubeconfig = written;
      // For benchmarks only (no option: nothing a user needs): a kubeconfig naming the store itself, plain HTTP
      // on 127.0.0.1 with streamed watches, for a second operator process (a second shard) against this API.
      String store = System.getProperty("tracker.operator.embeddedStoreKubeconfig", "");
      if (!store.isBlank()) {
        api.writeKubeconfig(Path.of(store), true);
      }
      out.println("Embedded Kubernetes API at " + api.url() + " (in memory: no admission, no garbage collection; gone on exit)");
      out.println("kubectl works against it with this kubeconfig (it holds the API's token; readable by you only):");
      out.println("  export KUBECONFIG=" + written);
      out.println("  kubectl get td                      # READY, DRIFTED, HOST, AGE; -o wide for more");
      out.println("  kubectl wait --for=condition=Ready td/demo --timeout=5m");
    } else {
      client = kubeconfig == null ? new KubernetesClientBuilder().build()
          : new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
    }
    PrometheusMetrics metrics = new PrometheusMetrics();
    ReconcileSettings defaults = ReconcileSettings.DEFAULTS;
    ReconcileSettings settings = new ReconcileSettings(Duration.ofSeconds(healthWaitSeconds), defaults.startingRecheck(), defaults.backoffBase(),
        defaults.backoffCap(), defaults.authFailuresBeforeStall(), defaults.cleanupAttempts(), defaults.jitter(),
        Duration.ofSeconds(changeFeedSeconds)).withProbes(new com.torrust.operator.reconcile.ProbeSettings(probe,
            Duration.ofSeconds(probeTimeoutSeconds), probeConnections, probeConnections, addresses)).withShard(shard);
    Set<String> watched = new LinkedHashSet<>();
    if (namespaces != null) {
      namespaces.stream().map(String::strip).filter(n -> !n.isEmpty()).forEach(watched::add);
    }
    String me = identity != null && !identity.isBlank() ? identity : InetAddress.getLocalHost().getHostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    OperatorRuntime runtime = OperatorRuntime.start(client,
        new OperatorRuntime.Options(watched, leaderElection, leaseName, blankToNull(leaseNamespace), me, maxConcurrentHosts, reconcileThreads, settings,
            addresses),
        metrics.registry(), metrics);
    metrics.watch(runtime);
    if (api != null) {
      metrics.watch(api);
    }
    HttpEndpoints http = HttpEndpoints.start(httpAddress, httpPort, runtime::live, runtime::ready, metrics::scrape);
    out.println("Operator running" + (watched.isEmpty() ? " in all namespaces" : " in " + String.join(", ", watched))
        + (shard.all() ? "" : " for the TrackerDeployments selected by " + shard.selector())
        + (leaderElection ? ", leader election on (Lease " + leaseName + ", identity " + me + ")" : "")
        + "; health and metrics on http://" + httpAddress + ":" + http.port() + "/");
    StatusConsole console = api == null ? null : StatusConsole.start(client, out);
    if (api != null && applyDirectory != null) {
      try {
        for (String applied : api.apply(applyDirectory)) {
          out.println("Applied " + applied);
        }
      } catch (IOException | RuntimeException e) {
        err.println("error: --apply " + applyDirectory + ": " + e.getMessage().lines().findFirst().orElse(""));
        if (console != null) {
          console.close();
        }
        http.close();
        runtime.close();
        api.close();
        return TrackerOperatorCommand.EXIT_INVALID_INPUT;
      }
    }
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedApi embedded = api;
    Runnable shutdown = () -> {
      // Graceful: reconciles in flight finish (JOSDK waits for them), then the connections close.
      http.close();
      if (console != null) {
        console.close();
      }
      runtime.close();
      client.close();
      if (embedded != null) {
        embedded.close();
        try {
          Files.deleteIfExists(embeddedKubeconfig);
        } catch (IOException e) {
          // best effort: it holds a token that is worthless once the API is gone
        }
      }
      // Last: what the steps above logged is written (log4j's own hook is off, see log4j2.xml).
      LogManager.shutdown();
      stopped.countDown();
    };
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "shutdown"));
    } catch (IllegalStateException e) {
      // SIGTERM came during the start, before the hook was in place: stop the same way, here and now.
      shutdown.run();
      return 0;
    }
    stopped.await();
    return 0;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static void useJsonLogs() throws URISyntaxException {
    Configurator.reconfigure(RunCommand.class.getClassLoader().getResource("log4j2-json.xml").toURI());
  }
}
