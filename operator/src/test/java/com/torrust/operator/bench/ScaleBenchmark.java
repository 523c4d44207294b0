package com.torrust.operator.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.torrust.operator.ProjectFiles;
import com.torrust.operator.Specs;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.converge.ConvergePlanner;
import com.torrust.operator.converge.Convergence;
import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.observe.HostObserver;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import com.torrust.operator.render.PlannedFile;
import com.torrust.operator.sandbox.SandboxHost;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operator process (the shaded jar, {@code run --embedded-api}) with N TrackerDeployments, each on
 * its own SSH endpoint: one sandbox host answering on N addresses, so N connections, N sshd sessions
 * and N observations, all of a converged host. Prints, per N: the first full reconcile of all (cold:
 * connects, status writes, events) and full resyncs of all at once (warm: every resource's SSH key
 * Secret touched together, which reconciles exactly those), reconciles per second, the API requests
 * and SSH connections each took, the operator's resident memory and its CPU time. Also (item 5) the
 * time from starting the process to the first Ready=True and the resident memory at idle. Run by
 * scripts/bench.sh; asserts nothing beyond refusing to report a run with errors as a result.
 */
public final class ScaleBenchmark {

  private static final String TOKEN = "bench-token-0123456789abcdef";
  /** The owner in the recorded observation's marker; each address answers with its own resource instead. */
  private static final String RECORDED_OWNER = "bench-owner/tracker";
  /** Secrets are usable with this label; each also carries its resource's shard key (a shard watches only its own). */
  private static String usable(int i) {
    return "labels: {tracker.torrust.com/usable: \"true\", bench/shard: " + (i % 2 == 0 ? "a" : "b") + "}";
  }
  private static final Pattern COUNT = Pattern.compile("^tracker_operator_reconcile_seconds_count\\{([^}]*)} (\\S+)$");
  private static final Pattern RESULT = Pattern.compile("result=\"([^\"]*)\"");
  private static final Pattern NAMESPACE = Pattern.compile("namespace=\"([^\"]*)\"");
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustingEveryone()).build();
  /** The embedded API's bearer token (from the kubeconfig the run prints); one operator at a time. */
  private static volatile String apiToken = "";

  /** The embedded API serves TLS with a certificate made at its start: the benchmark takes it unchecked (127.0.0.1 only). */
  private static javax.net.ssl.SSLContext trustingEveryone() {
    try {
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
          return new java.security.cert.X509Certificate[0];
        }
      }}, null);
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A request to the embedded API, with its token. */
  private static HttpRequest.Builder apiRequest(String url) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + apiToken);
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = args.length > 0 ? List.of(args[0].split(",")).stream().map(Integer::parseInt).toList() : List.of(10, 100, 500);
    int warmRounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<Integer> shardCounts = args.length > 2 ? List.of(args[2].split(",")).stream().map(Integer::parseInt).toList() : List.of(1);
    Path jar = ProjectFiles.root().resolve("operator/target/tracker-operator.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the jar first: mvn -DskipTests package");
    }
    System.out.println("Scale benchmark " + java.time.LocalDateTime.now().withNano(0) + " on " + ComparisonBenchmark.machine());
    System.out.println("operator JVM: " + String.join(" ", Operator.jvmOptions()) + " (the Helm chart's defaults in its 512Mi container); hosts: one sandbox host, one address per resource");
    System.out.println("(the machine runs the operator and every host: host-side work competes with the operator for the same 2 cores)");
    System.out.println("Item 3: SCRIPTED SSH ENDPOINT: every address but the host's own answers each check with one recorded observation of");
    System.out.println("the real converged host (OpenSSH with a ForceCommand): the operator's side only, not the hosts' (one host cannot be");
    System.out.println("converged by N resources: its owner marker names one). Items 4 and 5 use the real host.");
    if (!System.getProperty("bench.operator.java", "").isBlank()) {
      System.out.println("operator JVM: " + System.getProperty("bench.operator.java"));
    }
    System.out.println();

    SandboxHost host = ComparisonBenchmark.up("scl" + ProcessHandle.current().pid() % 10000);
    try {
      prepare(host);
      if (!Boolean.getBoolean("bench.scaleOnly")) {
        startup(jar, host, warmRounds + 2);
        latency(jar, host, warmRounds + 2);
      }
      int added = 0;
      for (int n : sizes) {
        StringBuilder addresses = new StringBuilder("true");
        for (; added < n; added++) {
          addresses.append(" && ip addr add ").append(address(added)).append("/32 dev eth0");
        }
        host.shell(addresses.toString());
        for (int shards : shardCounts) {
          scale(jar, host, n, warmRounds, shards);
        }
      }
    } finally {
      ComparisonBenchmark.down(host);
    }
  }

  /** The host converged once, the way every resource will want it; sshd accepts as many logins at once as N hosts would. */
  private static void prepare(SandboxHost host) throws Exception {
    DesiredHostState desired = desired(host.address());
    for (String other : List.of(address(0), address(499))) {
      if (!sameFiles(desired, desired(other))) {
        throw new IllegalStateException("the desired state depends on the address: resources on one host would fight");
      }
    }
    host.images("torrust/tracker:v3.0.0");
    try (SshConnection connection = SshConnection.open(target(host))) {
      Convergence.Result result = Convergence.converge(connection, desired, List.of(),
          HostObserver.observe(connection, ConvergePlanner.observedPaths(desired)), Duration.ofSeconds(60), line -> { });
      if (!result.drift().isEmpty()) {
        throw new IllegalStateException("the host did not converge: " + result.drift());
      }
    }
    String sshdConfig = "MaxStartups 600:30:1000\nMaxSessions 20\n";
    {
      sshdConfig += "Match LocalAddress 10.220.0.0/16\n  ForceCommand " + scriptedEndpoint(host, desired) + "\n";
    }
    Files.writeString(host.stateDir().resolve("etc-ssh/sshd_config"), sshdConfig, java.nio.file.StandardOpenOption.APPEND);
    host.shell("true");
    String pid = Files.readString(host.stateDir().resolve("sshd.pid")).strip();
    new ProcessBuilder("kill", "-HUP", pid).start().waitFor();
    Thread.sleep(500);
    // The machine reaches the extra addresses through the host's veth.
    String n = host.address().split("\\.")[2];
    // Through the host's own address as the gateway: one neighbour entry, not one per address (the kernel's ARP
    // table holds 1,024 by default, gc_thresh3: at 2,000 addresses the rest timed out connecting).
    new ProcessBuilder("ip", "route", "replace", "10.220.0.0/16", "via", host.address(), "dev", "tsbx" + n).inheritIO().start().waitFor();
  }

  /** Item 5: process start to the first Ready=True, and resident memory once idle, with one resource. */
  private static void startup(Path jar, SandboxHost host, int rounds) throws Exception {
    List<Double> firstReady = new ArrayList<>();
    List<Double> idleRss = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      Path dir = manifests(host, 1, host.address());
      try (Operator operator = Operator.start(jar, dir)) {
        firstReady.add(operator.awaitFirstReady(Duration.ofSeconds(120)));
        Thread.sleep(10_000);
        idleRss.add(operator.rssMiB());
      }
    }
    System.out.println("5. Operator start to first reconcile (one resource, converged host), " + rounds + " runs");
    ComparisonBenchmark.print("process start -> status Ready=True", firstReady);
    printMiB("resident memory, idle 10 s after (VmRSS)", idleRss);
    System.out.println();
  }

  /**
   * Item 4: a rogue public port opens on the host (a container publishing 9999); how long until the
   * resource's status says Drifted=True, and until Drifted=False once it is gone. The resync interval
   * is ten minutes: what is measured is the change feed.
   */
  private static void latency(Path jar, SandboxHost host, int rounds) throws Exception {
    List<Double> detected = new ArrayList<>();
    List<Double> resolved = new ArrayList<>();
    Path dir = manifests(host, 1, host.address(), "  resyncInterval: 10m\n  drift: {mode: Report}\n");
    try (Operator operator = Operator.start(jar, dir)) {
      operator.awaitFirstReady(Duration.ofSeconds(120));
      String status = operator.api() + "apis/tracker.torrust.com/v1alpha1/namespaces/scale-0/trackerdeployments/tracker";
      for (int i = 0; i < rounds; i++) {
        Thread.sleep(3000); // the feed has its baseline
        host.shell("docker run -d --name rogue -p 9999:80 " + host.image() + " httpd -f -p 80 -h /www");
        long opened = System.nanoTime();
        awaitDrifted(status, "True");
        detected.add((System.nanoTime() - opened) / 1e6);
        Thread.sleep(1000);
        host.shell("docker rm -f rogue");
        long removed = System.nanoTime();
        awaitDrifted(status, "False");
        resolved.add((System.nanoTime() - removed) / 1e6);
      }
    }
    System.out.println("4. Drift detection latency (resyncInterval 10m, change feed every 2 s), " + rounds + " rounds");
    ComparisonBenchmark.print("rogue public port opened -> Drifted=True in status", detected);
    ComparisonBenchmark.print("rogue port gone -> Drifted=False", resolved);
    System.out.println("   (without the feed, --change-feed-interval 0: at the next resync, up to resyncInterval later)\n");
  }

  private static void awaitDrifted(String url, String value) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    while (System.nanoTime() < deadline) {
      String body = HTTP.send(apiRequest(url).build(), HttpResponse.BodyHandlers.ofString()).body();
      for (com.fasterxml.jackson.databind.JsonNode condition : json.readTree(body).path("status").path("conditions")) {
        if (condition.path("type").asText().equals("Drifted") && condition.path("status").asText().equals(value)) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("Drifted=" + value + " did not come within 120 s");
  }

  /**
   * The API in a process of its own (the first: run --embedded-api, selecting no resource), as a cluster's API
   * server is never inside the operator: the operators' memory and CPU are then theirs alone.
   *
   * @param shards how many operator processes: 1 selects every resource; 2 selects half each by the label
   *     bench/shard (run --label-selector), both against the one API
   */
  private static void scale(Path jar, SandboxHost host, int n, int warmRounds, int shards) throws Exception {
    Path dir = manifests(host, n, null);
    // Change feeds off: the scripted endpoint answers checks only (what a feed costs: FeedBenchmark).
    List<Operator> fleet = new ArrayList<>();
    try {
      fleet.add(Operator.start(jar, dir, "--change-feed-interval", "0", "--label-selector", "bench/shard=none"));
      fleet.get(0).apiOnly = true;
      if (shards == 1) {
        fleet.add(Operator.join(jar, fleet.get(0), "--change-feed-interval", "0"));
      } else {
        for (int k = 0; k < shards; k++) {
          fleet.add(Operator.join(jar, fleet.get(0), "--change-feed-interval", "0", "--label-selector", "bench/shard=" + (char) ('a' + k)));
        }
      }
      Operator operator = fleet.get(0);
      List<Operator> operators = fleet.subList(1, fleet.size());
      Snapshot start = Operator.snapshot(fleet);
      Snapshot cold = Operator.awaitAll(fleet, null, n, Duration.ofMinutes(15));
      double coldSeconds = (cold.nanos() - operator.started()) / 1e9;
      List<Double> warmSeconds = new ArrayList<>();
      List<Double> warmRate = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      List<Double> apiCpu = new ArrayList<>();
      List<Double> machineCpu = new ArrayList<>();
      long apiRequests = 0;
      Map<String, Long> warmRequests = new TreeMap<>();
      long connections = 0;
      long commands = 0;
      Snapshot before = cold;
      for (int r = 0; r < warmRounds; r++) {
        Thread.sleep(2000); // let the status writes and events of the last wave settle
        before = Operator.snapshot(fleet);
        long t0 = System.nanoTime();
        double apiBefore = operator.cpuSeconds();
        double machineBefore = machineCpuSeconds();
        for (int i = 0; i < n; i++) {
          String namespace = "scale-" + i;
          String patch = "{\"metadata\":{\"annotations\":{\"bench/round\":\"" + r + "\"}}}";
          // One PATCH request each (no client-side GET), so that the operator's own requests can be told apart.
          HttpRequest request = apiRequest(operator.api() + "api/v1/namespaces/" + namespace + "/secrets/tracker-ssh")
              .header("Content-Type", "application/merge-patch+json").method("PATCH", HttpRequest.BodyPublishers.ofString(patch)).build();
          int code = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
          if (code / 100 != 2) {
            throw new IllegalStateException("PATCH " + namespace + "/tracker-ssh: HTTP " + code);
          }
        }
        Snapshot after = Operator.awaitAll(fleet, before, n, Duration.ofMinutes(10));
        double seconds = (after.nanos() - t0) / 1e9;
        warmSeconds.add(seconds);
        warmRate.add(n / seconds);
        cpu.add(after.cpuSeconds() - before.cpuSeconds());
        apiCpu.add(operator.cpuSeconds() - apiBefore);
        machineCpu.add(machineCpuSeconds() - machineBefore);
        apiRequests += after.apiRequests() - before.apiRequests() - n; // minus the n patches above
        after.requestsSince(before).forEach((k, v) -> warmRequests.merge(k, v, Long::sum));
        connections += after.sshOpened() - before.sshOpened();
        commands += after.sshCommands() - before.sshCommands();
        before = after;
      }
      Snapshot end = Operator.snapshot(fleet);
      System.out.println("3. Scale: N = " + n + " TrackerDeployments, " + (shards == 1 ? "one operator process" : shards + " shards (operator processes, --label-selector), one API"));
      System.out.println(String.format(Locale.ROOT, "   first reconcile of all (cold: connect, status, events)   %8.1f s    %6.1f reconciles/s, %d API requests, %d SSH connections",
          coldSeconds, n / coldSeconds, cold.apiRequests() - start.apiRequests(), cold.sshOpened()));
      ComparisonBenchmark.print("full resync of all, warm (s x 1000)", warmSeconds.stream().map(s -> s * 1000).toList());
      System.out.println(String.format(Locale.ROOT, "   reconciles per second (warm): median %.1f; per resync: %.2f API requests and %.2f SSH connections per resource",
          median(warmRate), (double) apiRequests / warmRounds / n, (double) connections / warmRounds / n));
      System.out.println("   API requests, cold: " + cold.requestsSince(start) + "; warm, all rounds (incl. the benchmark's PATCH secrets): " + warmRequests);
      System.out.println(String.format(Locale.ROOT, "   CPU per warm resync (medians): operator %.1f s (%.1f ms per resource), the API's process %.1f s, the whole"
          + " machine %.1f s of %.1f s on %d cores: the hosts' side (sshd, the scripted endpoint) and the rest %.1f s",
          median(cpu), median(cpu) * 1000 / n, median(apiCpu), median(machineCpu), median(warmSeconds) * Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().availableProcessors(), median(machineCpu) - median(cpu) - median(apiCpu)));
      System.out.println(String.format(Locale.ROOT, "   SSH commands per resource and resync (warm): %.2f", (double) commands / warmRounds / n));
      System.out.println(String.format(Locale.ROOT, "   the API's process (not the operator's): %.0f MiB resident, %.1f s CPU over the run", operator.rssMiB(), operator.cpuSeconds()));
      for (Operator each : operators) {
        String which = operators.size() == 1 ? "operator: " : "shard " + (char) ('a' + operators.indexOf(each)) + ": ";
        System.out.println(String.format(Locale.ROOT, "   %sresident memory: %.0f MiB now, %.0f MiB peak; threads: %.0f", which,
            each.rssMiB(), each.peakRssMiB(), each.status("Threads:") * 1024));
        // The heap's live set: what a full GC leaves (jcmd's class histogram runs one), the floor any heap setting must hold.
        List<String> histogram = each.liveHistogram();
        System.out.println(String.format(Locale.ROOT, "   %sheap live set after a full GC: %.1f MiB (%.1f KiB per resource of the run); resident after it: %.0f MiB",
            which, liveBytes(histogram) / 1048576.0, liveBytes(histogram) / 1024.0 / n, each.rssMiB()));
        if (Boolean.getBoolean("bench.histogram")) {
          histogram.stream().limit(25).forEach(l -> System.out.println("     " + l));
        }
        // With -Dbench.operator.jvm=-XX:NativeMemoryTracking=summary: where the memory outside the heap is.
        if (Operator.jvmOptions().stream().anyMatch(o -> o.startsWith("-XX:NativeMemoryTracking="))) {
          each.jcmd("VM.native_memory", "summary").stream()
              .filter(l -> l.startsWith("Total:") || l.startsWith("-") && l.contains("committed="))
              .forEach(l -> System.out.println("     NMT " + l.strip()));
        }
      }
      System.out.println(String.format(Locale.ROOT, "   SSH connections open: %d; results: %s%n", end.sshOpen(), end.results()));
      if (end.results().keySet().stream().anyMatch(r -> !r.equals("Converged"))) {
        fleet.forEach(each -> System.out.println("   !! some reconciles did not end Converged; last output lines:\n" + each.tail()));
      }
    } finally {
      for (Operator each : fleet) {
        each.close();
      }
    }
  }


  private static Path manifests(SandboxHost host, int n, String onlyAddress) throws Exception {
    return manifests(host, n, onlyAddress, "");
  }

  private static Path manifests(SandboxHost host, int n, String onlyAddress, String extraSpec) throws Exception {
    Path dir = Files.createTempDirectory("scale");
    String key = Files.readString(host.sshKey());
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String namespace = "scale-" + i;
      String address = onlyAddress != null ? onlyAddress : address(i);
      all.append("apiVersion: v1\nkind: Secret\nmetadata: {name: tracker-ssh, namespace: ").append(namespace).append(", ").append(usable(i)).append("}\n")
          .append("type: kubernetes.io/ssh-auth\nstringData:\n  ssh-privatekey: |\n")
          .append(key.indent(4))
          .append("---\napiVersion: v1\nkind: Secret\nmetadata: {name: tracker-api, namespace: ").append(namespace).append(", ").append(usable(i)).append("}\n")
          .append("stringData: {token: ").append(TOKEN).append("}\n---\n")
          .append("apiVersion: tracker.torrust.com/v1alpha1\nkind: TrackerDeployment\nmetadata: {name: tracker, namespace: ").append(namespace)
          .append(", labels: {bench/shard: ").append(i % 2 == 0 ? "a" : "b").append("}}\n")
          .append("spec:\n  host:\n    address: ").append(address).append("\n    sshPort: ").append(host.sshPort())
          .append("\n    user: root\n    hostKey: \"").append(host.hostKeyFingerprint()).append("\"\n")
          .append("    sshKeySecretRef: {name: tracker-ssh, key: ssh-privatekey}\n")
          .append("  tracker:\n    udpTrackers: [{port: 6969}]\n    httpTrackers: [{port: 7070}]\n    httpApi: {port: 1212, adminTokenSecretRef: {name: tracker-api, key: token}}\n")
          .append(extraSpec).append("---\n");
    }
    Files.writeString(dir.resolve("all.yaml"), all);
    return dir;
  }

  /** The state every resource plans: the minimal example as in {@link #manifests}, whatever its address. */
  /**
   * The scripted SSH endpoint: one real observation of the converged host, recorded, and a script that
   * answers every check with it (its boundary nonce swapped for the one the check sent). Anything but a
   * check (and the owner marker's check, answered with the resource that asks) gets exit code 97, so a
   * reconcile that needs more than a look shows as failed, never as fast.
   */
  private static String scriptedEndpoint(SandboxHost host, DesiredHostState desired) throws Exception {
    String nonce = com.torrust.operator.observe.ObservationScript.nonce();
    String recorded;
    // Recorded with a stand-in owner in the marker, answered with the resource each address belongs to.
    host.shell("mkdir -p /var/lib/tracker-operator && echo " + RECORDED_OWNER + " > " + com.torrust.operator.converge.HostClaim.MARKER);
    try (SshConnection connection = SshConnection.open(target(host))) {
      recorded = connection.run(com.torrust.operator.observe.ObservationScript.build(nonce, ConvergePlanner.observedPaths(desired))).stdout();
    } finally {
      host.shell("rm -f " + com.torrust.operator.converge.HostClaim.MARKER);
    }
    if (!recorded.contains("\nowner " + RECORDED_OWNER + "\n")) {
      throw new IllegalStateException("the recorded observation does not carry the owner marker");
    }
    Path dir = host.stateDir().resolve("scripted");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("observation"), recorded);
    // One compiled program answers (scripted_endpoint.c): a shell pipeline per check cost the machine more than the operator did.
    Path source = dir.resolve("scripted_endpoint.c");
    try (java.io.InputStream c = ScaleBenchmark.class.getResourceAsStream("/bench/scripted_endpoint.c")) {
      Files.write(source, c.readAllBytes());
    }
    Path program = dir.resolve("scripted_endpoint");
    Process gcc = new ProcessBuilder("gcc", "-O2", "-o", program.toString(), source.toString()).inheritIO().start();
    if (gcc.waitFor() != 0) {
      throw new IllegalStateException("gcc could not build the scripted endpoint");
    }
    return program + " " + dir.resolve("observation") + " " + nonce + " " + RECORDED_OWNER;
  }

  private static DesiredHostState desired(String address) {
    TrackerDeployment deployment = Specs.minimal(spec -> ((ObjectNode) spec.get("host")).put("address", address).put("user", "root"));
    return new FileRenderer().render(Planner.plan("tracker", deployment.getSpec()), deployment.getSpec(),
        new DeploymentSecrets(TOKEN, null, null, null, null));
  }

  private static boolean sameFiles(DesiredHostState a, DesiredHostState b) {
    return a.files().stream().map(PlannedFile::content).toList().equals(b.files().stream().map(PlannedFile::content).toList());
  }

  private static SshTarget target(SandboxHost host) throws Exception {
    return new SshTarget(host.address(), host.sshPort(), host.user(), Files.readString(host.sshKey()), HostKeyPin.parse(host.hostKeyFingerprint()));
  }

  /** Resource i's address: 10.220.0.1, 10.220.0.2, ... on the one sandbox host. */
  static String address(int i) {
    return "10.220." + (i / 250) + "." + (i % 250 + 1);
  }

  /** CPU time the whole machine spent, every core, from /proc/stat (all but idle and iowait; ticks of 1/100 s). */
  private static double machineCpuSeconds() throws java.io.IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i < f.length && i <= 8; i++) {
      if (i != 4 && i != 5) {
        busy += Long.parseLong(f[i]);
      }
    }
    return busy / 100.0;
  }

  /** The bytes of jcmd's "Total instances bytes" line. */
  private static long liveBytes(List<String> histogram) {
    return histogram.stream().filter(l -> l.strip().startsWith("Total")).map(l -> l.strip().split("\\s+"))
        .mapToLong(f -> Long.parseLong(f[2])).findFirst().orElse(-1);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void printMiB(String what, List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    System.out.println(String.format(Locale.ROOT, "   %-58s median %8.1f MiB min %8.1f   max %8.1f", what, median(values), sorted.get(0),
        sorted.get(sorted.size() - 1)));
  }

  /** Counters read from /metrics and /proc at one moment. */
  record Snapshot(long nanos, long reconciles, Map<String, Long> results, Map<String, Long> perResource, Map<String, Long> requests, long sshOpened, long sshOpen,
      long sshCommands, double cpuSeconds) {

    /** Whether each of the n resources has reconciled more often than in {@code before}. */
    boolean allReconciledSince(Snapshot before, int n) {
      for (int i = 0; i < n; i++) {
        String namespace = "scale-" + i;
        if (perResource.getOrDefault(namespace, 0L) <= (before == null ? 0 : before.perResource().getOrDefault(namespace, 0L))) {
          return false;
        }
      }
      return true;
    }

    long apiRequests() {
      return requests.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Two processes' counters together (maps merged by adding). */
    Snapshot plus(Snapshot other) {
      Map<String, Long> r = new TreeMap<>(results);
      other.results().forEach((k, v) -> r.merge(k, v, Long::sum));
      Map<String, Long> p = new java.util.HashMap<>(perResource);
      other.perResource().forEach((k, v) -> p.merge(k, v, Long::sum));
      Map<String, Long> q = new TreeMap<>(requests);
      other.requests().forEach((k, v) -> q.merge(k, v, Long::sum));
      return new Snapshot(Math.max(nanos, other.nanos()), reconciles + other.reconciles(), r, p, q, sshOpened + other.sshOpened(), sshOpen + other.sshOpen(),
          sshCommands + other.sshCommands(), cpuSeconds + other.cpuSeconds());
    }

    /** Requests by method and resource since {@code before}, without the ones that did not change. */
    Map<String, Long> requestsSince(Snapshot before) {
      Map<String, Long> delta = new TreeMap<>();
      requests.forEach((k, v) -> {
        long d = v - before.requests().getOrDefault(k, 0L);
        if (d != 0) {
          delta.put(k, d);
        }
      });
      return delta;
    }
  }

  /** The operator jar as its own process, in embedded mode. */
  static final class Operator implements AutoCloseable {
    private final Process process;
    private final long started;
    private final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile String metricsUrl;
    private volatile String apiUrl;
    /** A kubeconfig naming this process's API store, for a second shard. */
    private volatile String kubeconfig;
    private volatile long firstReady;

    private Operator(Process process, long started) {
      this.process = process;
      this.started = started;
    }

    static Operator start(Path jar, Path manifests, String... operatorArgs) throws Exception {
      // The store's own kubeconfig (plain HTTP, streamed watches) for other processes: kubectl's front serves kubectl only.
      Path store = Files.createTempFile("scale-store", ".kubeconfig");
      List<String> run = new ArrayList<>(List.of("-Dtracker.operator.embeddedStoreKubeconfig=" + store, "-jar", jar.toString(),
          "run", "--embedded-api", "--apply", manifests.toString()));
      run.addAll(List.of(operatorArgs));
      Operator operator = launch(run, true);
      operator.kubeconfig = store.toString();
      return operator;
    }

    /** A second shard: an operator process without an API of its own, against the first one's embedded API. */
    static Operator join(Path jar, Operator first, String... operatorArgs) throws Exception {
      List<String> run = new ArrayList<>(List.of("-jar", jar.toString(), "run", "--kubeconfig", first.kubeconfig));
      run.addAll(List.of(operatorArgs));
      Operator operator = launch(run, false);
      operator.apiUrl = first.apiUrl;
      return operator;
    }

    /** The JVM options of every operator process of the run. */
    static List<String> jvmOptions() {
      // The chart's defaults in its 512Mi container: MaxRAMPercentage=50 (256 MiB of heap), and the JVM picks
      // SerialGC on a machine of less than 1792 MiB. -Dbench.operator.jvm=... adds or overrides (commas or spaces between).
      List<String> options = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"));
      String extra = System.getProperty("bench.operator.jvm", "");
      if (!extra.isBlank()) {
        options.addAll(List.of(extra.split("[ ,]+")));
      }
      return options;
    }

    private static Operator launch(List<String> run, boolean ownApi) throws Exception {
      // -Dbench.operator.java=/usr/lib/jvm/temurin-25-jdk-amd64 runs the operator on another JVM (virtual threads from 24 on).
      String java = System.getProperty("bench.operator.java", "").isBlank() ? System.getProperty("java.home") : System.getProperty("bench.operator.java");
      List<String> command = new ArrayList<>(List.of(Path.of(java, "bin", "java").toString()));
      command.addAll(jvmOptions());
      command.addAll(run);
      command.addAll(List.of("--http-port", "0", "--no-probe"));
      long started = System.nanoTime();
      // The operator's log, for when a run goes wrong.
      Path log = Files.createTempFile("scale-operator", ".log");
      Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
      Operator operator = new Operator(process, started);
      Thread reader = new Thread(() -> operator.read(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))));
      reader.setDaemon(true);
      reader.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (operator.metricsUrl == null || ownApi && (operator.apiUrl == null || apiToken.isEmpty())) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException("the operator did not start:\n" + operator.tail());
        }
        Thread.sleep(20);
      }
      return operator;
    }

    private void read(BufferedReader in) {
      Pattern metrics = Pattern.compile("health and metrics on (http://\\S+/)");
      Pattern api = Pattern.compile("Embedded Kubernetes API at (https?://\\S+/)");
      Pattern kubeconfig = Pattern.compile("export KUBECONFIG=(\\S+)");
      try {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          Matcher m = metrics.matcher(line);
          if (m.find()) {
            metricsUrl = m.group(1) + "metrics";
          }
          Matcher k = kubeconfig.matcher(line);
          if (k.find()) {
            Matcher token = Pattern.compile("token: \"?([^\"}\\s]+)").matcher(Files.readString(Path.of(k.group(1))));
            if (token.find()) {
              apiToken = token.group(1);
            }
          }
          Matcher a = api.matcher(line);
          if (a.find()) {
            apiUrl = a.group(1);
          }
          if (firstReady == 0 && line.contains("Ready=True")) {
            firstReady = System.nanoTime();
          }
          lines.add(line);
          if (lines.size() > 200) {
            lines.remove(0);
          }
        }
      } catch (java.io.IOException e) {
        // the process ended
      }
    }

    long started() {
      return started;
    }

    String api() {
      return apiUrl;
    }

    String tail() {
      synchronized (lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
      }
    }

    double awaitFirstReady(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (firstReady == 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no Ready=True in time:\n" + tail());
        }
        Thread.sleep(5);
      }
      return (firstReady - started) / 1e6;
    }

    /** Whether this process only serves the API (its CPU is not the operator's). */
    volatile boolean apiOnly;

    /** The counters of several processes (shards) added up; the time of the last look. */
    static Snapshot snapshot(List<Operator> fleet) throws Exception {
      Snapshot all = null;
      for (Operator each : fleet) {
        Snapshot one = each.snapshot();
        all = all == null ? one : all.plus(one);
      }
      return all;
    }

    /** Waits until each of the n resources reconciled after {@code before} (null: at least once), in any of the processes. */
    static Snapshot awaitAll(List<Operator> fleet, Snapshot before, int n, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Snapshot now = snapshot(fleet);
        if (now.allReconciledSince(before, n)) {
          return now;
        }
        if (System.nanoTime() > deadline || fleet.stream().anyMatch(o -> !o.process.isAlive())) {
          throw new IllegalStateException("not every resource reconciled in time (" + now.reconciles() + " reconciles):\n" + fleet.get(fleet.size() - 1).tail());
        }
        // Each look is a /metrics scrape of every resource's series: every 50 ms it was a tenth of the
        // operator's CPU in the figures (JFR); a real Prometheus scrapes every 15 to 60 s.
        Thread.sleep(250);
      }
    }

    Snapshot snapshot() throws Exception {
      String body = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString()).body();
      long nanos = System.nanoTime();
      long reconciles = 0;
      Map<String, Long> results = new TreeMap<>();
      Map<String, Long> perResource = new java.util.HashMap<>();
      for (String line : body.split("\n")) {
        Matcher m = COUNT.matcher(line);
        if (m.matches()) {
          long value = (long) Double.parseDouble(m.group(2));
          reconciles += value;
          Matcher r = RESULT.matcher(m.group(1));
          results.merge(r.find() ? r.group(1) : "?", value, Long::sum);
          Matcher ns = NAMESPACE.matcher(m.group(1));
          perResource.merge(ns.find() ? ns.group(1) : "?", value, Long::sum);
        }
      }
      Map<String, Long> requests = new TreeMap<>();
      Matcher api = Pattern.compile("(?m)^tracker_operator_embedded_api_requests_total\\{method=\"([^\"]*)\",resource=\"([^\"]*)\",?} (\\S+)$").matcher(body);
      while (api.find()) {
        requests.put(api.group(1) + " " + api.group(2), (long) Double.parseDouble(api.group(3)));
      }
      return new Snapshot(nanos, reconciles, results, perResource, requests,
          (long) metric(body, "tracker_operator_ssh_connections_opened_total"), (long) metric(body, "tracker_operator_ssh_connections_open"),
          (long) metric(body, "tracker_operator_ssh_commands_total"), apiOnly ? 0 : cpuSeconds());
    }

    private static double metric(String body, String name) {
      return body.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1))).findFirst().orElse(-1);
    }

    /** User + system CPU time of the operator process, from /proc (clock ticks of 1/100 s). */
    double cpuSeconds() throws Exception {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** jcmd's class histogram of the live heap (it runs a full GC first): the lines after the header, largest first, and the total. */
    List<String> liveHistogram() throws Exception {
      return jcmd("GC.class_histogram").stream().filter(l -> l.matches("\\s*(\\d+:|Total).*")).toList();
    }

    /** What jcmd prints for a command to this process, line by line. */
    List<String> jcmd(String... command) throws Exception {
      String java = System.getProperty("bench.operator.java", "").isBlank() ? System.getProperty("java.home") : System.getProperty("bench.operator.java");
      List<String> line = new ArrayList<>(List.of(Path.of(java, "bin", "jcmd").toString(), Long.toString(process.pid())));
      line.addAll(List.of(command));
      Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
      List<String> lines = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      jcmd.waitFor();
      return lines;
    }

    double rssMiB() throws Exception {
      return status("VmRSS:");
    }

    long pid() {
      return process.pid();
    }

    double peakRssMiB() throws Exception {
      return status("VmHWM:");
    }

    double status(String field) throws Exception {
      return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream().filter(l -> l.startsWith(field))
          .mapToDouble(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1);
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
