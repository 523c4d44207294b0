package com.torrust.operator.runtime;

import com.torrust.operator.reconcile.ReconcileMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's metrics in the Prometheus text format: JOSDK's own (reconciliations started, failed,
 * their execution time) plus, per resource, the reconcile duration by result and the drift findings now.
 */
public final class PrometheusMetrics implements ReconcileMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Every per-resource gauge's value, by its id (name and tags), read by the gauge. */
  private final Map<Meter.Id, java.util.concurrent.atomic.AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

  public PrometheusMetrics() {
    // Memory, threads, CPU and uptime of the operator process itself (resident memory at scale matters).
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** SSH connections: open now, and opened since start (one per host, kept, is the goal). */
  public void watch(OperatorRuntime runtime) {
    Gauge.builder("tracker_operator_ssh_connections_open", runtime, OperatorRuntime::openConnections)
        .description("SSH connections to hosts open now").register(registry);
    FunctionCounter.builder("tracker_operator_ssh_connections_opened", runtime, OperatorRuntime::connectionsOpened)
        .description("SSH connections opened since start; a kept connection is reused by every check").register(registry);
    FunctionCounter.builder("tracker_operator_ssh_commands", runtime, r -> com.torrust.operator.host.SshConnection.commandsStarted())
        .description("Commands started on hosts over SSH since start (a steady-state check is one; a change feed counts once, when it starts)")
        .register(registry);
  }

  /** Requests the embedded API (run --embedded-api) has answered, from every client. */
  public void watch(EmbeddedApi api) {
    api.onRequest((method, resource) -> Counter.builder("tracker_operator_embedded_api_requests")
        .description("Requests answered by the embedded Kubernetes API, from every client, by method (WATCH for watches) and resource")
        .tags(Tags.of("method", method, "resource", resource)).register(registry).increment());
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void reconciled(String namespace, String name, String result, Duration took, int driftFindings) {
    Timer.builder("tracker_operator_reconcile")
        .description("Reconciles of TrackerDeployments and their duration, by Ready reason")
        .tags(Tags.of("namespace", namespace, "name", name, "result", result))
        // Buckets, so a dashboard can show quantiles across resources (a summary's cannot be aggregated).
        .serviceLevelObjectives(BUCKETS)
        .register(registry)
        .record(took);
    set("tracker_operator_drift_findings", "Differences between the host and the spec found by the last reconcile; NaN while the host is"
        + " not reached (the count is not known then: alert on tracker_operator_condition{type=\"HostReachable\",status=\"False\"} too)",
        Tags.of("namespace", namespace, "name", name), driftFindings < 0 ? Double.NaN : driftFindings);
  }

  @Override
  public void probed(String namespace, String name, com.torrust.operator.probe.ProbeReport report) {
    for (com.torrust.operator.probe.ProbeResult r : report.results()) {
      Tags tags = Tags.of("namespace", namespace, "name", name, "endpoint", r.target().describe(), "address", r.address());
      set("tracker_operator_probe_success", "1 when the last try from outside behaved as planned (an endpoint answered in its protocol,"
          + " a closed port did not answer), else 0", tags, r.ok() ? 1 : 0);
      set("tracker_operator_probe_duration_seconds", "How long the last try from outside took", tags, r.latencyMillis() / 1000.0);
      if (r.certificateNotAfter() != null) {
        set("tracker_operator_certificate_expiry_timestamp_seconds", "When the certificate a TLS endpoint presented expires (Unix time)",
            tags, r.certificateNotAfter().getEpochSecond());
      }
    }
  }

  @Override
  public void feedEnded(String namespace, String name) {
    // Made at the first end only: a resource whose feed runs has no series.
    Counter.builder("tracker_operator_change_feed_ends")
        .description("Change feeds that ended without the operator stopping them; rising steadily, the host cannot keep one"
            + " (drift is then seen at resyncs only)")
        .tags(Tags.of("namespace", namespace, "name", name)).register(registry).increment();
  }

  private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
      Duration.ofSeconds(120), Duration.ofSeconds(300)};

  /** The condition types a gauge is kept for (kube-state-metrics' shape: one series per type and status). */
  private static final java.util.List<String> CONDITION_TYPES = java.util.List.of("Ready", "Reconciling", "Stalled", "Paused", "Drifted",
      "HostReachable", "FirewallConverged", "ServicesConverged", "Serving");

  @Override
  public void conditions(String namespace, String name, java.util.List<com.torrust.operator.api.Condition> conditions) {
    for (String type : CONDITION_TYPES) {
      String now = conditions == null ? null : conditions.stream().filter(c -> c.type().equals(type)).map(c -> c.status()).findFirst().orElse(null);
      // One series per condition the resource has, with its status now (not all three statuses, kube-state-metrics'
      // shape: at 2,000 resources that was 54,000 series, two thirds of them 0).
      for (String status : java.util.List.of("True", "False", "Unknown")) {
        Tags tags = Tags.of("namespace", namespace, "name", name, "type", type, "status", status);
        if (status.equals(now)) {
          set(CONDITION, "1 for the status each condition of the resource has now (a condition it does not have: no series)", tags, 1);
        } else {
          remove(CONDITION, tags);
        }
      }
    }
  }

  @Override
  public void paused(String namespace, String name, boolean paused) {
    set("tracker_operator_paused", "1 while the resource is paused by the annotation tracker.torrust.com/paused (the host is not looked at)",
        Tags.of("namespace", namespace, "name", name), paused ? 1 : 0);
  }

  private static final String CONDITION = "tracker_operator_condition";

  private void remove(String metric, Tags tags) {
    Meter.Id id = new Meter.Id(metric, tags, null, null, Meter.Type.GAUGE);
    if (gauges.remove(id) != null) {
      registry.remove(id);
    }
  }

  private void set(String metric, String description, Tags tags, double value) {
    Meter.Id id = new Meter.Id(metric, tags, null, description, Meter.Type.GAUGE);
    gauges.computeIfAbsent(id, key -> {
      java.util.concurrent.atomic.AtomicReference<Double> holder = new java.util.concurrent.atomic.AtomicReference<>(value);
      Gauge.builder(metric, holder, h -> h.get()).description(description).tags(tags).register(registry);
      return holder;
    }).set(value);
  }

  @Override
  public void forget(String namespace, String name) {
    // Every per-resource series (reconcile timers, gauges) carries the resource's namespace and name.
    gauges.keySet().removeIf(id -> namespace.equals(id.getTag("namespace")) && name.equals(id.getTag("name")));
    registry.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("tracker_operator_"))
        .filter(m -> namespace.equals(m.getId().getTag("namespace")) && name.equals(m.getId().getTag("name")))
        .forEach(registry::remove);
  }

  public String scrape() {
    return registry.scrape();
  }
}
