package com.torrust.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.torrust.operator.ProjectFiles;
import com.torrust.operator.admission.CrdSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CRD generated from the API classes: committed as generated, and teaching through kubectl explain. */
class CrdTest {

  private final CrdSchema crd = CrdSchema.fromClasspath();

  @Test
  void committedCrdIsTheGeneratedOne() throws IOException {
    Path committed = ProjectFiles.root().resolve("crds/" + TrackerDeployment.CRD_NAME + "-v1.yml");
    String generated;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(CrdSchema.RESOURCE)) {
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(Files.readString(committed))
        .as("crds/ is out of date with the API classes: run scripts/sync-crds.sh and commit the result")
        .isEqualTo(generated);
  }

  @Test
  void kubectlShowsReadyFirstAndExplainsTheKind() throws IOException {
    JsonNode committed = com.torrust.operator.Specs.YAML.readTree(
        ProjectFiles.root().resolve("crds/" + TrackerDeployment.CRD_NAME + "-v1.yml").toFile());
    JsonNode version = committed.at("/spec/versions/0");
    List<String> columns = new ArrayList<>();
    version.path("additionalPrinterColumns").forEach(c -> columns.add(c.path("name").asText()));

    // kubectl get: NAME READY DRIFTED HOST AGE; -o wide adds SERVER SERVING MESSAGE before AGE.
    assertThat(columns).containsExactly("Ready", "Drifted", "Host", "Server", "Serving", "Message", "Age");
    assertThat(version.at("/schema/openAPIV3Schema/description").asText()).isEqualTo(TrackerDeployment.DESCRIPTION);
    // The generator alone sorts by JSON path (Age first): the build's CrdPolish step is what orders them.
    assertThat(CrdPolish.polish(Files.readString(ProjectFiles.root().resolve("crds/" + TrackerDeployment.CRD_NAME + "-v1.yml"))))
        .as("polishing twice changes nothing").isEqualTo(Files.readString(ProjectFiles.root().resolve("crds/" + TrackerDeployment.CRD_NAME + "-v1.yml")));
  }

  @Test
  void anApiServerPrintsASentenceNotARegularExpression() {
    List<String> long_ = new ArrayList<>();
    List<String> unbounded = new ArrayList<>();
    collectPatterns(crd.openApiV3Schema(), "", long_, unbounded);
    assertThat(long_).as("patterns an API server would print whole").isEmpty();
    assertThat(unbounded).as("matches() rules on strings without maxLength (their CEL cost would be unbounded)").isEmpty();
    JsonNode address = crd.specSchema().path("properties").path("host").path("properties").path("address");
    assertThat(address.has("pattern")).isFalse();
    assertThat(address.path("x-kubernetes-validations").toString()).contains("must be an IP address or a lowercase DNS name");
    // The same rule refuses what the pattern refused, in the CLI's admission (Google's CEL, RE2) as in an API server.
    var refused = org.assertj.core.api.Assertions.catchThrowableOfType(IllegalArgumentException.class, () -> com.torrust.operator.Specs.minimal(
        s -> ((com.fasterxml.jackson.databind.node.ObjectNode) s.get("host")).put("address", "tracker_1.example.com")));
    assertThat(refused.getMessage()).contains("spec.host.address: must be an IP address or a lowercase DNS name");
  }

  private static void collectPatterns(JsonNode node, String path, List<String> long_, List<String> unbounded) {
    if (node.isObject()) {
      if (node.path("pattern").asText("").length() > CrdPolish.LONG_PATTERN) {
        long_.add(path);
      }
      if (node.path("x-kubernetes-validations").toString().contains("self.matches(") && !node.has("maxLength")) {
        unbounded.add(path);
      }
      node.properties().forEach(e -> collectPatterns(e.getValue(), path + "." + e.getKey(), long_, unbounded));
    } else if (node.isArray()) {
      node.forEach(n -> collectPatterns(n, path + "[]", long_, unbounded));
    }
  }

  @Test
  void everyFieldOfSpecAndStatusHasADescription() {
    List<String> undocumented = new ArrayList<>();
    JsonNode properties = crd.openApiV3Schema().path("properties");
    for (String top : List.of("spec", "status")) {
      collectUndocumented(properties.path(top), top, undocumented);
    }
    assertThat(undocumented).as("fields without a description (kubectl explain shows nothing)").isEmpty();
  }

  @Test
  void noValidationRuleIsListedTwice() {
    List<String> duplicates = new ArrayList<>();
    collectDuplicateRules(crd.specSchema(), "spec", duplicates);
    assertThat(duplicates).isEmpty();
  }

  @Test
  void everyStringAndListIsBoundedSoCelCostsCanBeEstimated() {
    List<String> unbounded = new ArrayList<>();
    collectUnbounded(crd.specSchema(), "spec", unbounded);
    assertThat(unbounded).as("strings need maxLength (or an enum), lists maxItems").isEmpty();
  }

  @Test
  void namesScopeAndPrinterColumnsAreThoseUsersType() {
    JsonNode spec = crd.crd().path("spec");
    assertThat(spec.path("group").asText()).isEqualTo("tracker.torrust.com");
    assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
    assertThat(spec.path("names").path("kind").asText()).isEqualTo("TrackerDeployment");
    assertThat(spec.path("names").path("plural").asText()).isEqualTo("trackerdeployments");
    assertThat(spec.path("names").path("shortNames").toString()).isEqualTo("[\"td\"]");
    assertThat(spec.path("names").path("categories").toString()).as("kubectl get torrust").isEqualTo("[\"torrust\"]");

    JsonNode version = spec.path("versions").get(0);
    assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
    assertThat(version.path("subresources").has("status")).isTrue();
    List<String> columns = new ArrayList<>();
    List<String> wide = new ArrayList<>();
    version.path("additionalPrinterColumns").forEach(c -> (c.path("priority").asInt() == 0 ? columns : wide).add(c.path("name").asText()));
    assertThat(columns).containsExactlyInAnyOrder("Ready", "Drifted", "Host", "Age");
    assertThat(wide).as("kubectl get -o wide").containsExactlyInAnyOrder("Server", "Serving", "Message");
  }

  private static void collectUndocumented(JsonNode schema, String path, List<String> out) {
    if (!schema.hasNonNull("description") || schema.path("description").asText().isBlank()) {
      out.add(path);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      collectUndocumented(property.getValue(), path + "." + property.getKey(), out);
    }
    JsonNode items = schema.path("items");
    for (Iterator<Map.Entry<String, JsonNode>> it = items.path("properties").properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      collectUndocumented(property.getValue(), path + "[]." + property.getKey(), out);
    }
  }

  private static void collectDuplicateRules(JsonNode schema, String path, List<String> out) {
    Set<String> seen = new HashSet<>();
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      if (!seen.add(rule.path("rule").asText())) {
        out.add(path + ": " + rule.path("rule").asText());
      }
    }
    schema.path("properties").properties().forEach(e -> collectDuplicateRules(e.getValue(), path + "." + e.getKey(), out));
    if (schema.has("items")) {
      collectDuplicateRules(schema.get("items"), path + "[]", out);
    }
  }

  private static void collectUnbounded(JsonNode schema, String path, List<String> out) {
    String type = schema.path("type").asText();
    if (type.equals("string") && !schema.has("maxLength") && !schema.has("enum")) {
      out.add(path);
    }
    if (type.equals("array") && !schema.has("maxItems")) {
      out.add(path);
    }
    schema.path("properties").properties().forEach(e -> collectUnbounded(e.getValue(), path + "." + e.getKey(), out));
    if (schema.has("items")) {
      collectUnbounded(schema.get("items"), path + "[]", out);
    }
  }
}
