package com.torrust.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.torrust.operator.ProjectFiles;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.api.Protocol;
import com.torrust.operator.api.TrackerDeploymentStatus;
import com.torrust.operator.drift.DriftKind;
import com.torrust.operator.drift.Finding;
import com.torrust.operator.drift.Severity;
import com.torrust.operator.reconcile.Outcome;
import com.torrust.operator.reconcile.StatusCalculator;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * What GitOps tools make of the status the operator writes: Argo CD through the Lua health check
 * shipped in the chart (run here with LuaJ, as Argo CD runs it with gopher-lua), Flux through kstatus
 * (its documented rules, implemented below). Statuses come from the real StatusCalculator.
 */
class GitOpsHealthTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final HostStatus HOST = new HostStatus("ssh-ed25519 AAAA", "SHA256:x", "Debian 12", "20.10", "docker-compose 1.29.2", "0.36.2");
  private static final Finding ROGUE = new Finding(DriftKind.UnexpectedPublicPort, Severity.Critical, 9999, Protocol.TCP, "0.0.0.0", "rogue", "TCP port 9999 is public");

  /** A TrackerDeployment object as JSON: generation, optional annotations/deletion, and a status. */
  private static ObjectNode resource(long generation, TrackerDeploymentStatus status, Map<String, String> annotations, boolean deleting) {
    ObjectNode object = JSON.createObjectNode();
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", "demo").put("generation", generation);
    if (!annotations.isEmpty()) {
      metadata.set("annotations", JSON.valueToTree(annotations));
    }
    if (deleting) {
      metadata.put("deletionTimestamp", "2026-11-22T10:00:00Z");
    }
    if (status != null) {
      object.set("status", JSON.valueToTree(status));
    }
    return object;
  }

  private static TrackerDeploymentStatus status(Outcome outcome) {
    return StatusCalculator.next(null, 1, outcome, NOW);
  }

  static Stream<Arguments> cases() {
    TrackerDeploymentStatus converged = status(Outcome.Observed.of(HOST, List.of(), List.of(), true, List.of(), "h", null));
    TrackerDeploymentStatus drifted = status(Outcome.Observed.of(HOST, List.of(), List.of(ROGUE), true, List.of(), "h", null));
    TrackerDeploymentStatus starting = status(Outcome.Observed.of(HOST, List.of(), List.of(), true, List.of("tracker (starting)"), "h", null));
    TrackerDeploymentStatus failed = status(Outcome.Observed.of(HOST, List.of(), List.of(), true, List.of(), null, "Services: compose up failed"));
    TrackerDeploymentStatus invalid = status(new Outcome.InvalidSpec("spec.tracker.image: must be pinned"));
    TrackerDeploymentStatus unreachable = status(new Outcome.HostProblem("HostUnreachable", "refused", false));
    TrackerDeploymentStatus mismatch = status(new Outcome.HostProblem("HostKeyMismatch", "another key", true));
    TrackerDeploymentStatus missing = status(new Outcome.SecretsMissing("Not found: Secret tracker-ssh"));
    TrackerDeploymentStatus applying = StatusCalculator.reconciling(converged, 2, "Applying generation 2", NOW);
    TrackerDeploymentStatus disabled = status(Outcome.Observed.of(HOST, List.of(), List.of(), false, List.of(), "h", null));
    return Stream.of(
        // name, resource, Argo CD health, kstatus
        Arguments.of("converged", resource(1, converged, Map.of(), false), "Healthy", "Current"),
        // kstatus reads a resource without any status as Current (its documented fallback): the few
        // seconds before the first reconcile writes Ready/Reconciling. Argo CD waits.
        Arguments.of("no status yet", resource(1, null, Map.of(), false), "Progressing", "Current"),
        Arguments.of("new generation not observed", resource(2, converged, Map.of(), false), "Progressing", "InProgress"),
        Arguments.of("applying a new generation", resource(2, applying, Map.of(), false), "Progressing", "InProgress"),
        Arguments.of("services starting", resource(1, starting, Map.of(), false), "Progressing", "InProgress"),
        Arguments.of("drift", resource(1, drifted, Map.of(), false), "Degraded", "InProgress"),
        Arguments.of("converge failed", resource(1, failed, Map.of(), false), "Degraded", "InProgress"),
        Arguments.of("invalid spec", resource(1, invalid, Map.of(), false), "Degraded", "Failed"),
        Arguments.of("host unreachable", resource(1, unreachable, Map.of(), false), "Degraded", "InProgress"),
        Arguments.of("host key mismatch", resource(1, mismatch, Map.of(), false), "Degraded", "Failed"),
        Arguments.of("Secret missing", resource(1, missing, Map.of(), false), "Degraded", "InProgress"),
        Arguments.of("drift detection disabled", resource(1, disabled, Map.of(), false), "Healthy", "Current"),
        Arguments.of("paused", resource(1, converged, Map.of("tracker.torrust.com/paused", "true"), false), "Suspended", "Current"),
        Arguments.of("deleting", resource(1, converged, Map.of(), true), "Progressing", "Terminating"));
  }

  @ParameterizedTest(name = "{0}: Argo CD {2}, kstatus {3}")
  @MethodSource("cases")
  void argoCdAndKstatusReadTheStatusAsIntended(String name, ObjectNode resource, String argoHealth, String kstatus) throws Exception {
    assertThat(argoHealth(resource)).isEqualTo(argoHealth);
    assertThat(kstatus(resource)).isEqualTo(kstatus);
  }

  @org.junit.jupiter.api.Test
  void theArgoCdPatchExampleCarriesTheSameScript() throws Exception {
    JsonNode patch = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(ProjectFiles.root().resolve("examples/gitops/argocd/argocd-cm-patch.yaml").toFile());
    assertThat(patch.at("/data/resource.customizations.health.tracker.torrust.com_TrackerDeployment").asText())
        .isEqualTo(Files.readString(ProjectFiles.root().resolve("helm/tracker-operator/files/argocd-health.lua")));
  }

  /** Runs the chart's Lua health check the way Argo CD does: the object as the global obj, a table back. */
  static String argoHealth(JsonNode resource) throws Exception {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(resource));
    String script = Files.readString(ProjectFiles.root().resolve("helm/tracker-operator/files/argocd-health.lua"));
    LuaValue result = globals.load(script, "argocd-health.lua").call();
    String status = result.get("status").tojstring();
    assertThat(result.get("message").isstring()).as("a message for the UI").isTrue();
    assertThat(status).isIn("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");
    return status;
  }

  private static LuaValue lua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        table.set(e.getKey(), lua(e.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, lua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }

  /** kstatus's rules for a custom resource with conditions, in its documented order. */
  static String kstatus(JsonNode resource) {
    if (resource.at("/metadata/deletionTimestamp").isTextual()) {
      return "Terminating";
    }
    JsonNode status = resource.path("status");
    if (status.has("observedGeneration") && status.get("observedGeneration").asLong() != resource.at("/metadata/generation").asLong()) {
      return "InProgress";
    }
    Map<String, String> conditions = new java.util.HashMap<>();
    status.path("conditions").forEach(c -> conditions.put(c.path("type").asText(), c.path("status").asText()));
    if ("True".equals(conditions.get("Reconciling"))) {
      return "InProgress";
    }
    if ("True".equals(conditions.get("Stalled"))) {
      return "Failed";
    }
    if (conditions.containsKey("Ready")) {
      return "True".equals(conditions.get("Ready")) ? "Current" : "InProgress";
    }
    // No Ready condition: Current. That is why the operator writes Ready from its first reconcile on.
    return "Current";
  }
}
