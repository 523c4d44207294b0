package com.torrust.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import com.torrust.operator.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The Helm chart in helm/tracker-operator, linted and rendered by real Helm (helm-java). */
class HelmChartTest {

  private static final Path CHART = ProjectFiles.root().resolve("helm/tracker-operator");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The chart rendered by Helm as release "trk" in namespace "operators", with these values set. */
  static List<JsonNode> render(UnaryOperator<TemplateCommand> values) throws Exception {
    String out = values.apply(new Helm(CHART).template().withName("trk").withNamespace("operators")).call();
    List<JsonNode> objects = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(out)) {
      YAML.readValues(parser, JsonNode.class).readAll().stream().filter(n -> n != null && n.has("kind")).forEach(objects::add);
    }
    return objects;
  }

  /** Helm's fromYaml reads every number as a float: 65535 and 65535.0 are the same value to the API server. */
  private static JsonNode numbersAsDoubles(JsonNode node) {
    if (node.isNumber()) {
      return com.fasterxml.jackson.databind.node.DoubleNode.valueOf(node.asDouble());
    }
    if (node.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode copy = YAML.createObjectNode();
      node.fields().forEachRemaining(e -> copy.set(e.getKey(), numbersAsDoubles(e.getValue())));
      return copy;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode copy = YAML.createArrayNode();
      node.forEach(e -> copy.add(numbersAsDoubles(e)));
      return copy;
    }
    return node;
  }

  private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  private static JsonNode container(List<JsonNode> objects) {
    return ofKind(objects, "Deployment").get(0).at("/spec/template/spec/containers/0");
  }

  private static List<String> args(List<JsonNode> objects) {
    return StreamSupport.stream(container(objects).path("args").spliterator(), false).map(JsonNode::asText).toList();
  }

  /** resource -> verbs, over every rule of the given roles. */
  private static Map<String, List<String>> verbs(List<JsonNode> roles) {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    for (JsonNode role : roles) {
      for (JsonNode rule : role.path("rules")) {
        for (JsonNode resource : rule.path("resources")) {
          List<String> verbs = new ArrayList<>(out.getOrDefault(resource.asText(), List.of()));
          rule.path("verbs").forEach(v -> verbs.add(v.asText()));
          out.put(resource.asText(), verbs.stream().distinct().sorted().toList());
        }
      }
    }
    return out;
  }

  @Test
  void lintsCleanlyInStrictMode() {
    LintResult lint = new Helm(CHART).lint().strict().call();

    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void theChartsCrdIsTheGeneratedOne() throws Exception {
    assertThat(Files.readString(CHART.resolve("files/crds/trackerdeployments.tracker.torrust.com-v1.yml")))
        .as("helm/tracker-operator/files/crds must equal crds/ (run scripts/sync-crds.sh)")
        .isEqualTo(Files.readString(ProjectFiles.root().resolve("crds/trackerdeployments.tracker.torrust.com-v1.yml")));
  }

  @Test
  void theCrdIsATemplateSoUpgradesUpgradeItAndUninstallKeepsIt() throws Exception {
    JsonNode generated = YAML.readTree(ProjectFiles.root().resolve("crds/trackerdeployments.tracker.torrust.com-v1.yml").toFile());

    JsonNode crd = ofKind(render(t -> t), "CustomResourceDefinition").get(0);

    assertThat(numbersAsDoubles(crd.get("spec"))).as("the rendered CRD's spec is the generated one, value for value")
        .isEqualTo(numbersAsDoubles(generated.get("spec")));
    assertThat(crd.at("/metadata/name").asText()).isEqualTo("trackerdeployments.tracker.torrust.com");
    assertThat(crd.at("/metadata/annotations/helm.sh~1resource-policy").asText()).isEqualTo("keep");
    assertThat(crd.at("/metadata/labels/app.kubernetes.io~1managed-by").asText()).isEqualTo("Helm");
    assertThat(ofKind(render(t -> t.set("crds.keep", false)), "CustomResourceDefinition").get(0).at("/metadata/annotations").isMissingNode()).isTrue();
    assertThat(ofKind(render(t -> t.set("crds.enabled", false)), "CustomResourceDefinition")).isEmpty();
  }

  @Test
  void thePackagedChartCarriesItsCrdAndTheReleaseVersion(@org.junit.jupiter.api.io.TempDir Path dist) throws Exception {
    new Helm(CHART).packageIt().withDestination(dist).call();

    JsonNode chart = YAML.readTree(CHART.resolve("Chart.yaml").toFile());
    Path archive = dist.resolve("tracker-operator-" + chart.get("version").asText() + ".tgz");
    assertThat(archive).exists();
    List<String> entries = new ArrayList<>();
    try (var tar = new java.util.zip.GZIPInputStream(Files.newInputStream(archive))) {
      byte[] header = new byte[512];
      while (tar.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
        String name = new String(header, 0, 100, java.nio.charset.StandardCharsets.US_ASCII).trim().replace("\0", "");
        long size = Long.parseLong(new String(header, 124, 11, java.nio.charset.StandardCharsets.US_ASCII).trim(), 8);
        entries.add(name);
        tar.skipNBytes((size + 511) / 512 * 512);
      }
    }
    assertThat(entries).contains("tracker-operator/templates/crds.yaml", "tracker-operator/files/crds/trackerdeployments.tracker.torrust.com-v1.yml",
        "tracker-operator/files/dashboard.json");
    String maven = java.util.regex.Pattern.compile("<artifactId>tracker-operator-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(ProjectFiles.root().resolve("pom.xml"))).results().map(m -> m.group(1)).findFirst().orElseThrow();
    assertThat(chart.get("appVersion").asText()).as("the chart deploys the image of this build (docs/release.md)")
        .isEqualTo(maven.replace("-SNAPSHOT", ""));
  }

  @Test
  void namespaceUsersGetTrackerDeploymentsThroughKubernetesOwnRoles() throws Exception {
    List<JsonNode> roles = ofKind(render(t -> t), "ClusterRole");

    JsonNode view = roles.stream().filter(r -> r.at("/metadata/name").asText().equals("trk-tracker-operator-view")).findFirst().orElseThrow();
    JsonNode edit = roles.stream().filter(r -> r.at("/metadata/name").asText().equals("trk-tracker-operator-edit")).findFirst().orElseThrow();
    assertThat(view.at("/metadata/labels").toString()).contains("\"rbac.authorization.k8s.io/aggregate-to-view\":\"true\"");
    assertThat(edit.at("/metadata/labels").toString()).contains("aggregate-to-edit").doesNotContain("aggregate-to-view");
    assertThat(verbs(List.of(view))).isEqualTo(Map.of("trackerdeployments", List.of("get", "list", "watch"),
        "trackerdeployments/status", List.of("get", "list", "watch")));
    assertThat(verbs(List.of(edit))).isEqualTo(Map.of("trackerdeployments", List.of("create", "delete", "deletecollection", "patch", "update")));
    assertThat(render(t -> t.set("rbac.aggregateToDefaultRoles", false))).noneMatch(o -> o.at("/metadata/name").asText().endsWith("-view"));
  }

  @Test
  void theDeploymentTakesExtraArgsEnvVolumesSecurityContextsSpreadAndABudget() throws Exception {
    List<JsonNode> objects = render(t -> t.set("extraArgs[0]", "--resync-period=5m").set("extraEnv[0].name", "HTTPS_PROXY")
        .set("extraEnv[0].value", "http://proxy:3128").set("extraVolumes[0].name", "ca").set("extraVolumes[0].configMap.name", "corp-ca")
        .set("extraVolumeMounts[0].name", "ca").set("extraVolumeMounts[0].mountPath", "/etc/ssl/corp")
        .set("podSecurityContext.runAsUser", "null").set("podSecurityContext.runAsGroup", "null").set("podSecurityContext.fsGroup", "null")
        .set("topologySpreadConstraints[0].maxSkew", 1).set("topologySpreadConstraints[0].topologyKey", "kubernetes.io/hostname")
        .set("topologySpreadConstraints[0].whenUnsatisfiable", "ScheduleAnyway").set("podDisruptionBudget.enabled", true)
        .set("replicaCount", 2));

    assertThat(args(objects)).endsWith("--resync-period=5m");
    JsonNode container = container(objects);
    assertThat(container.toString()).contains("{\"name\":\"HTTPS_PROXY\",\"value\":\"http://proxy:3128\"}");
    assertThat(container.at("/volumeMounts/1/mountPath").asText()).isEqualTo("/etc/ssl/corp");
    JsonNode pod = ofKind(objects, "Deployment").get(0).at("/spec/template/spec");
    assertThat(pod.at("/volumes/1/configMap/name").asText()).isEqualTo("corp-ca");
    // OpenShift's restricted policy assigns the uid: none is set, the rest of the hardening stays.
    assertThat(pod.at("/securityContext").has("runAsUser")).isFalse();
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/topologySpreadConstraints/0/topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
    JsonNode budget = ofKind(objects, "PodDisruptionBudget").get(0);
    assertThat(budget.at("/spec/minAvailable").asInt()).isEqualTo(1);
    assertThat(budget.at("/spec/selector/matchLabels")).isEqualTo(ofKind(objects, "Deployment").get(0).at("/spec/selector/matchLabels"));
    assertThatThrownBy(() -> render(t -> t.set("extraArgs[0]", "run"))).hasMessageContaining("extraArgs");
  }

  @Test
  void defaultsRunOneHardenedReplicaWithLeaderElectionProbesAndExactRbac() throws Exception {
    List<JsonNode> objects = render(t -> t);

    JsonNode deployment = ofKind(objects, "Deployment").get(0);
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    JsonNode pod = deployment.at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    JsonNode container = container(objects);
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
    assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("512Mi");
    assertThat(container.at("/resources/requests/cpu").asText()).isEqualTo("100m");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    assertThat(container.toString()).contains("-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", "\"name\":\"JVM_OPTIONS\"")
        .as("the JVM prints a line for JAVA_TOOL_OPTIONS").doesNotContain("JAVA_TOOL_OPTIONS");
    assertThat(args(objects)).containsExactly("run", "--http-port=8080", "--log-format=json", "--log-level=info", "--max-concurrent-hosts=32",
        "--reconcile-threads=32", "--change-feed-interval=30", "--probe", "--probe-timeout=3", "--probe-connections=32", "--leader-election", "--lease-name=trk-tracker-operator");
    assertThat(container.toString()).contains("\"name\":\"POD_NAMESPACE\"", "\"name\":\"POD_NAME\"");

    assertThat(verbs(ofKind(objects, "ClusterRole").stream().filter(r -> r.at("/metadata/name").asText().equals("trk-tracker-operator")).toList()))
        .isEqualTo(Map.of(
            "trackerdeployments", List.of("get", "list", "patch", "watch"),
            "trackerdeployments/status", List.of("patch"),
            "trackerdeployments/finalizers", List.of("update"),
            "secrets", List.of("create", "get", "list", "patch", "watch"),
            "events", List.of("create", "patch")));
    assertThat(verbs(ofKind(objects, "Role"))).isEqualTo(Map.of("leases", List.of("create", "get", "update")));
    assertThat(ofKind(objects, "Role").get(0).at("/metadata/namespace").asText()).isEqualTo("operators");
    assertThat(ofKind(objects, "ClusterRoleBinding")).allSatisfy(b -> assertThat(b.at("/subjects/0/name").asText()).isEqualTo("trk-tracker-operator"));
    assertThat(ofKind(objects, "ServiceAccount")).hasSize(1);
    assertThat(ofKind(objects, "Service")).as("metrics Service is opt-in").isEmpty();
    assertThat(ofKind(objects, "ConfigMap")).as("Argo CD snippet is opt-in").isEmpty();
  }

  @Test
  void watchedNamespacesGetRolesInsteadOfAClusterRoleAndTheOptionalPartsRender() throws Exception {
    List<JsonNode> objects = render(t -> t.set("watchNamespaces[0]", "trackers").set("watchNamespaces[1]", "staging")
        .set("leaderElection.enabled", false).set("replicaCount", 1).set("logFormat", "text")
        .set("metrics.service.enabled", true).set("argocd.healthCheck.enabled", true).set("resources.limits.memory", "1Gi")
        .set("hostAddresses.deny[0]", "10.42.0.0/16").set("hostAddresses.deny[1]", "10.43.0.0/16"));

    assertThat(ofKind(objects, "ClusterRole")).as("no cluster-wide rights for the operator (only the aggregated roles for users)")
        .extracting(r -> r.at("/metadata/name").asText()).containsExactly("trk-tracker-operator-view", "trk-tracker-operator-edit");
    assertThat(ofKind(objects, "ClusterRoleBinding")).isEmpty();
    assertThat(ofKind(objects, "Role")).extracting(r -> r.at("/metadata/namespace").asText()).containsExactly("trackers", "staging");
    assertThat(ofKind(objects, "RoleBinding")).allSatisfy(b -> assertThat(b.at("/subjects/0/namespace").asText()).isEqualTo("operators"));
    assertThat(args(objects)).doesNotContain("--leader-election").contains("--log-format=text");
    assertThat(container(objects).toString()).contains("\"value\":\"trackers,staging\"")
        .contains("{\"name\":\"DENY_HOST_CIDRS\",\"value\":\"10.42.0.0/16,10.43.0.0/16\"}");
    assertThat(container(objects).at("/resources/limits/memory").asText()).isEqualTo("1Gi");
    JsonNode service = ofKind(objects, "Service").get(0);
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
    assertThat(service.at("/metadata/annotations").toString()).contains("prometheus.io/scrape");
    JsonNode health = ofKind(objects, "ConfigMap").get(0);
    assertThat(health.at("/data").fieldNames().next()).isEqualTo("resource.customizations.health.tracker.torrust.com_TrackerDeployment");
    assertThat(health.at("/data").elements().next().asText())
        .isEqualTo(Files.readString(CHART.resolve("files/argocd-health.lua")));
  }

  @Test
  void shardsAreOneDeploymentEachWithItsSelectorAndLease() throws Exception {
    List<JsonNode> objects = render(t -> t.set("shards[0].name", "shard1").set("shards[0].selector", "sharding.fluxcd.io/key=shard1")
        .set("shards[1].name", "shard2").set("shards[1].selector", "sharding.fluxcd.io/key=shard2"));
    List<JsonNode> deployments = ofKind(objects, "Deployment");
    assertThat(deployments).extracting(d -> d.at("/metadata/name").asText()).containsExactly("trk-tracker-operator-shard1", "trk-tracker-operator-shard2");
    for (JsonNode d : deployments) {
      String shard = d.at("/metadata/labels/tracker.torrust.com~1shard").asText();
      assertThat(d.at("/spec/selector/matchLabels/tracker.torrust.com~1shard").asText()).isEqualTo(shard);
      assertThat(d.at("/spec/template/metadata/labels/tracker.torrust.com~1shard").asText()).isEqualTo(shard);
      List<String> args = new java.util.ArrayList<>();
      d.at("/spec/template/spec/containers/0/args").forEach(a -> args.add(a.asText()));
      assertThat(args).contains("--label-selector=sharding.fluxcd.io/key=" + shard, "--lease-name=trk-tracker-operator-" + shard);
    }
    // Without shards: the one Deployment as before (its selector unchanged, so upgrades keep it).
    JsonNode single = ofKind(render(t -> t), "Deployment").get(0);
    assertThat(single.at("/metadata/name").asText()).isEqualTo("trk-tracker-operator");
    assertThat(single.at("/spec/selector/matchLabels").has("tracker.torrust.com/shard")).isFalse();
    assertThat(single.at("/spec/template/spec/containers/0/args").toString()).doesNotContain("--label-selector");
    assertThatThrownBy(() -> render(t -> t.set("shards[0].name", "Shard_1").set("shards[0].selector", "a=b"))).hasMessageContaining("shards");
  }

  @Test
  void valuesOutsideTheSchemaAreRefused() {
    assertThatThrownBy(() -> render(t -> t.set("logFormat", "xml"))).hasMessageContaining("logFormat");
    assertThatThrownBy(() -> render(t -> t.set("replicas", 2))).hasMessageContaining("replicas");
    assertThatThrownBy(() -> render(t -> t.set("changeFeedInterval", -1))).hasMessageContaining("changeFeedInterval");
    assertThatThrownBy(() -> render(t -> t.set("hostAddresses.deny[0]", "cluster.local"))).hasMessageContaining("hostAddresses");
  }
}
