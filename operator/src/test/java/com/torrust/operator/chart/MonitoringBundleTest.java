package com.torrust.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's monitoring bundle, rendered by real Helm and judged by Debian's promtool: the alert
 * rules parse and fire when they should (promtool test rules, on series shaped like the operator's),
 * and every query of the dashboard parses. Off by default.
 */
class MonitoringBundleTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static List<JsonNode> render(UnaryOperator<TemplateCommand> values) throws Exception {
    return HelmChartTest.render(values);
  }

  private static JsonNode one(List<JsonNode> objects, String kind) {
    List<JsonNode> found = objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private static String promtool(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("promtool " + String.join(" ", args) + ":\n" + out).isZero();
    return out;
  }

  @Test
  void nothingMonitoringIsRenderedByDefault() throws Exception {
    assertThat(render(t -> t)).noneMatch(o -> o.path("apiVersion").asText().startsWith("monitoring.coreos.com"))
        .noneMatch(o -> o.at("/metadata/name").asText().endsWith("-dashboard"));
  }

  @Test
  void theMonitorsScrapeTheOperatorsMetricsPort() throws Exception {
    List<JsonNode> objects = render(t -> t.set("monitoring.podMonitor.enabled", true).set("monitoring.podMonitor.labels.release", "kube-prometheus")
        .set("monitoring.serviceMonitor.enabled", true).set("metrics.service.enabled", true));

    JsonNode pod = one(objects, "PodMonitor");
    JsonNode deployment = one(objects, "Deployment");
    assertThat(pod.at("/spec/selector/matchLabels")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
    assertThat(pod.at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo(deployment.at("/spec/template/spec/containers/0/ports/0/name").asText());
    assertThat(pod.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus");
    JsonNode service = one(objects, "ServiceMonitor");
    assertThat(service.at("/spec/endpoints/0/port").asText()).isEqualTo(one(objects, "Service").at("/spec/ports/0/name").asText());
    assertThatThrownBy(() -> render(t -> t.set("monitoring.serviceMonitor.enabled", true))).hasMessageContaining("needs metrics.service.enabled");
    assertThatThrownBy(() -> render(t -> t.set("monitoring.prometheusRule.notReadyFor", "soon"))).hasMessageContaining("notReadyFor");
  }

  @Test
  void theAlertsParseAndFireWhenTheyShould() throws Exception {
    JsonNode rule = one(render(t -> t.set("monitoring.prometheusRule.enabled", true)), "PrometheusRule");
    ObjectNode rules = YAML.createObjectNode();
    rules.set("groups", rule.at("/spec/groups"));
    YAML.writeValue(dir.resolve("rules.yml").toFile(), rules);
    Files.writeString(dir.resolve("test.yml"), """
        rule_files: [rules.yml]
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
              - series: 'tracker_operator_condition{namespace="trackers",name="demo",type="Ready",status="False"}'
                values: '1x40'
              - series: 'tracker_operator_condition{namespace="trackers",name="fine",type="Ready",status="True"}'
                values: '1x40'
              - series: 'tracker_operator_condition{namespace="trackers",name="demo",type="HostReachable",status="False"}'
                values: '_x5 1x40'
              - series: 'tracker_operator_drift_findings{namespace="trackers",name="demo"}'
                values: '3x40'
              - series: 'tracker_operator_certificate_expiry_timestamp_seconds{namespace="trackers",name="demo",endpoint="https://t.example.org/announce"}'
                values: '864000x120'
            alert_rule_test:
              - eval_time: 14m
                alertname: TrackerDeploymentNotReady
                exp_alerts: []
              - eval_time: 16m
                alertname: TrackerDeploymentNotReady
                exp_alerts:
                  - exp_labels: {severity: warning, namespace: trackers, name: demo, type: Ready, status: "False"}
                    exp_annotations:
                      summary: "TrackerDeployment trackers/demo is not Ready"
                      description: "Its Ready condition has been False for 15m: kubectl describe td -n trackers demo says why."
              - eval_time: 14m
                alertname: TrackerDeploymentHostUnreachable
                exp_alerts: []
              - eval_time: 16m
                alertname: TrackerDeploymentHostUnreachable
                exp_alerts:
                  - exp_labels: {severity: critical, namespace: trackers, name: demo, type: HostReachable, status: "False"}
                    exp_annotations:
                      summary: "The host of TrackerDeployment trackers/demo cannot be reached over SSH"
                      description: "Nothing about the host is known while this lasts (its drift count is NaN)."
              - eval_time: 11m
                alertname: TrackerDeploymentDrifted
                exp_alerts:
                  - exp_labels: {severity: warning, namespace: trackers, name: demo}
                    exp_annotations:
                      summary: "TrackerDeployment trackers/demo has 3 drift findings"
                      description: "The host differs from the spec (status.drift lists what); with drift mode Remediate the next converge fixes it."
              - eval_time: 61m
                alertname: TrackerDeploymentCertificateExpiring
                exp_alerts:
                  - exp_labels: {severity: warning, namespace: trackers, name: demo, endpoint: "https://t.example.org/announce"}
                    exp_annotations:
                      summary: "The certificate of https://t.example.org/announce (trackers/demo) expires in less than 14 days"
                      description: "Caddy renews certificates on its own; one this close to expiry means renewal fails (DNS, port 80, rate limits)."
        """);

    assertThat(promtool(dir, "check", "rules", "rules.yml")).contains("SUCCESS: 6 rules found");
    assertThat(promtool(dir, "test", "rules", "test.yml")).contains("SUCCESS");
  }

  @Test
  void everyQueryOfTheDashboardParses() throws Exception {
    JsonNode map = one(render(t -> t.set("monitoring.dashboard.enabled", true)), "ConfigMap");
    assertThat(map.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    JsonNode dashboard = JSON.readTree(map.at("/data/tracker-operator.json").asText());
    assertThat(dashboard.get("uid").asText()).isEqualTo("tracker-operator");

    // promtool parses PromQL in rule files: each panel's query becomes a recording rule.
    ArrayNode recorded = YAML.createArrayNode();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        recorded.addObject().put("record", "dashboard:panel" + panel.get("id").asInt() + ":" + target.get("refId").asText().toLowerCase())
            .put("expr", target.get("expr").asText());
      }
    }
    ObjectNode rules = YAML.createObjectNode();
    rules.putArray("groups").addObject().put("name", "dashboard").set("rules", recorded);
    YAML.writeValue(dir.resolve("dashboard.yml").toFile(), rules);

    assertThat(recorded.size()).isGreaterThanOrEqualTo(10);
    assertThat(promtool(dir, "check", "rules", "dashboard.yml")).contains("SUCCESS: " + recorded.size() + " rules found");
    assertThat(recorded.toString()).contains("tracker_operator_condition", "tracker_operator_drift_findings", "tracker_operator_reconcile_seconds_bucket",
        "tracker_operator_probe_success", "tracker_operator_paused");
  }
}
