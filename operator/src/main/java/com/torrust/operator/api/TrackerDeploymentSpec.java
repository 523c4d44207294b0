package com.torrust.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The desired state of one tracker host. */
@ValidationRule(
    value = TrackerDeploymentSpec.TCP_HOST_PORTS + ".all(p, " + TrackerDeploymentSpec.TCP_HOST_PORTS
        + ".filter(q, q == p).size() == 1)",
    messageExpression = "'TCP host port ' + string(" + TrackerDeploymentSpec.TCP_HOST_PORTS + ".filter(p, "
        + TrackerDeploymentSpec.TCP_HOST_PORTS + ".filter(q, q == p).size() > 1)[0]) + ' is used by more than"
        + " one of: the SSH port, HTTP trackers and the API without tls, Grafana without tls, Caddy 80/443,"
        + " Prometheus 9090'",
    message = "two services use the same TCP host port")
@ValidationRule(
    value = "!has(self.https) || !has(self.tracker.udpTrackers) || !self.tracker.udpTrackers.exists(t, t.port == 443)",
    message = "UDP port 443 belongs to the TLS proxy (HTTP/3) when https is set",
    fieldPath = ".tracker.udpTrackers")
@ValidationRule(
    value = "!" + TrackerDeploymentSpec.TLS_USED + " || has(self.https)",
    message = "is required when a service has tls: true (it configures the TLS proxy)",
    fieldPath = ".https")
@ValidationRule(
    value = "!has(self.https) || " + TrackerDeploymentSpec.TLS_USED,
    message = "is set but no service has tls: true",
    fieldPath = ".https")
@ValidationRule(
    value = "!" + TrackerDeploymentSpec.GRAFANA_ON + " || " + TrackerDeploymentSpec.PROMETHEUS_ON,
    message = "requires Prometheus: add a prometheus section",
    fieldPath = ".grafana")
@ValidationRule(
    value = "!" + TrackerDeploymentSpec.PROMETHEUS_ON + " || self.tracker.version != 'v3.0.0'",
    message = "tracker v3.0.0 serves no Prometheus metrics (its API answers /api/v1/stats in JSON only):"
        + " remove the prometheus and grafana sections, or run a tracker build that serves /api/v1/metrics and"
        + " set tracker.version: develop",
    fieldPath = ".prometheus")
@ValidationRule(
    value = TrackerDeploymentSpec.CREATES_HOST + " || has(self.host.address)",
    message = "is required unless the provider creates the host (provider.type Hetzner)",
    fieldPath = ".host.address")
@ValidationRule(
    value = "!" + TrackerDeploymentSpec.CREATES_HOST + " || !has(self.host.hostKey)",
    message = "must be empty with provider Hetzner: the operator generates the server's host key and pins it from birth",
    fieldPath = ".host.hostKey")
@ValidationRule(
    value = "!has(self.deletionPolicy) || self.deletionPolicy != 'DestroyVm' || " + TrackerDeploymentSpec.CREATES_HOST,
    message = "DestroyVm needs a provider that created the host (provider.type Hetzner)",
    fieldPath = ".deletionPolicy")
@ValidationRule(
    value = "duration(self.resyncInterval) >= duration('10s')",
    message = "must be at least 10s",
    fieldPath = ".resyncInterval")
public record TrackerDeploymentSpec(
    @JsonPropertyDescription("The host and how the operator reaches it over SSH.") @Required HostSpec host,
    @JsonPropertyDescription("Where the host comes from. Defaults to an existing machine.") @Default("{}")
        ProviderSpec provider,
    @JsonPropertyDescription(
            "The host firewall (UFW). Incoming traffic is always denied by default; SSH and every public"
                + " endpoint get an explicit allow rule.")
        @Default("{}")
        FirewallSpec firewall,
    @JsonPropertyDescription("The tracker and the services it offers.") @Required TrackerSpec tracker,
    @JsonPropertyDescription("Prometheus (bound to 127.0.0.1:9090). Off when this section is absent.")
        PrometheusSpec prometheus,
    @JsonPropertyDescription("Grafana dashboards. Off when this section is absent. Requires Prometheus.")
        GrafanaSpec grafana,
    @JsonPropertyDescription("The MySQL container, used when tracker.database.driver is MySQL.") @Default("{}")
        MysqlSpec mysql,
    @JsonPropertyDescription("The TLS proxy (Caddy). Required exactly when a service has tls: true.")
        HttpsSpec https,
    @JsonPropertyDescription("Scheduled backups. Off when this section is absent.") BackupSpec backup,
    @JsonPropertyDescription("How differences between the host and this spec are handled.") @Default("{}")
        DriftSpec drift,
    @JsonPropertyDescription(
            "How often the host is checked when nothing changes, as a duration (5m, 1h30m). At least 10s; the"
                + " operator adds a little jitter.")
        @Default("5m")
        @Size(max = 32)
        @Pattern(Formats.DURATION_PATTERN)
        String resyncInterval,
    @JsonPropertyDescription(
            "What happens on the host when this resource is deleted. Retain (default): nothing. StopServices:"
                + " the deployment's containers are stopped and removed; files and data stay. DestroyVm (provider"
                + " Hetzner): the services are stopped, then the server is deleted with its disk.")
        @Default("Retain")
        DeletionPolicy deletionPolicy,
    @JsonPropertyDescription("The outside prober: the deployment tried from the operator's network, as clients reach it.")
        @Default("{}")
        ProbeSpec probe,
    @JsonPropertyDescription("Memory and CPU limits per service, so that no service can take the whole VM (sshd included);"
            + " each service has a default sized for a 2 GB VM. The running containers' limits are checked: other limits are drift.")
        ResourcesSpec resources,
    @JsonPropertyDescription("The images that run: the image (digest) each service runs is recorded on the host at deploy time and"
            + " shown in status.host.images; a tag that later points at another image is drift (ImageChanged), or is put back"
            + " (pinDigests). Optional vulnerability scans with Trivy.")
        @Default("{}")
        ImagesSpec images) {

  public TrackerDeploymentSpec(HostSpec host, ProviderSpec provider, FirewallSpec firewall, TrackerSpec tracker, PrometheusSpec prometheus,
      GrafanaSpec grafana, MysqlSpec mysql, HttpsSpec https, BackupSpec backup, DriftSpec drift, String resyncInterval,
      DeletionPolicy deletionPolicy) {
    this(host, provider, firewall, tracker, prometheus, grafana, mysql, https, backup, drift, resyncInterval, deletionPolicy, null, null, null);
  }

  public TrackerDeploymentSpec(HostSpec host, ProviderSpec provider, FirewallSpec firewall, TrackerSpec tracker, PrometheusSpec prometheus,
      GrafanaSpec grafana, MysqlSpec mysql, HttpsSpec https, BackupSpec backup, DriftSpec drift, String resyncInterval,
      DeletionPolicy deletionPolicy, ProbeSpec probe, ResourcesSpec resources) {
    this(host, provider, firewall, tracker, prometheus, grafana, mysql, https, backup, drift, resyncInterval, deletionPolicy, probe, resources,
        null);
  }

  /** The same spec with another host section. */
  public TrackerDeploymentSpec withHost(HostSpec next) {
    return new TrackerDeploymentSpec(next, provider, firewall, tracker, prometheus, grafana, mysql, https, backup, drift, resyncInterval,
        deletionPolicy, probe, resources, images);
  }

  static final String CREATES_HOST = "(has(self.provider) && has(self.provider.type) && self.provider.type == 'Hetzner')";
  static final String PROMETHEUS_ON = "(has(self.prometheus) && self.prometheus.enabled)";
  static final String GRAFANA_ON = "(has(self.grafana) && self.grafana.enabled)";
  static final String TLS_USED =
      "((has(self.tracker.httpTrackers) && self.tracker.httpTrackers.exists(t, t.tls))"
          + " || self.tracker.httpApi.tls || (" + GRAFANA_ON + " && self.grafana.tls))";
  /** Every TCP port the plan binds on the host, one entry per service. */
  static final String TCP_HOST_PORTS =
      "([self.host.sshPort]"
          + " + (has(self.tracker.httpTrackers) ? self.tracker.httpTrackers.filter(t, !t.tls).map(t, t.port) : [])"
          + " + (self.tracker.httpApi.tls ? [] : [self.tracker.httpApi.port])"
          + " + (" + GRAFANA_ON + " && !self.grafana.tls ? [self.grafana.port] : [])"
          + " + (has(self.https) ? [80, 443] : [])"
          + " + (" + PROMETHEUS_ON + " ? [9090] : []))";
}
