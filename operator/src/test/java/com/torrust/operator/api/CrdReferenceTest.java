package com.torrust.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.torrust.operator.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/reference.md is generated from the committed CRD: every field with its type, default, bounds
 * and description, and every CEL rule. This test fails when they differ; run it with
 * -Dupdate.docs=true (scripts/sync-crds.sh does) to rewrite the page.
 */
class CrdReferenceTest {

  private static final Path CRD = ProjectFiles.root().resolve("crds/trackerdeployments.tracker.torrust.com-v1.yml");
  private static final Path PAGE = ProjectFiles.root().resolve("docs/reference.md");

  @Test
  void theReferencePageMatchesTheCrd() throws Exception {
    String generated = render(new ObjectMapper(new YAMLFactory()).readTree(CRD.toFile()));
    if (Boolean.getBoolean("update.docs")) {
      Files.writeString(PAGE, generated);
    }
    assertThat(Files.readString(PAGE)).as("docs/reference.md is stale: run scripts/sync-crds.sh").isEqualTo(generated);
  }

  static String render(JsonNode crd) {
    JsonNode version = crd.at("/spec/versions/0");
    JsonNode schema = version.at("/schema/openAPIV3Schema");
    StringBuilder out = new StringBuilder();
    out.append("# TrackerDeployment reference\n\n")
        .append("Generated from `crds/").append(CRD.getFileName()).append("` by `CrdReferenceTest` (`scripts/sync-crds.sh`); do not edit.\n")
        .append("`kubectl explain trackerdeployment.spec` shows the same descriptions.\n\n")
        .append("API version `").append(crd.at("/spec/group").asText()).append('/').append(version.path("name").asText())
        .append("`, kind `").append(crd.at("/spec/names/kind").asText()).append("`, short name `")
        .append(crd.at("/spec/names/shortNames/0").asText()).append("`, namespaced.\n");
    for (String part : List.of("spec", "status")) {
      JsonNode node = schema.at("/properties/" + part);
      out.append("\n## ").append(part).append("\n\n").append(escape(node.path("description").asText())).append("\n\n");
      out.append("| Field | Type | Default | Constraints | Description |\n| --- | --- | --- | --- | --- |\n");
      List<String> rules = new ArrayList<>();
      rows(part, node, out, rules);
      if (!rules.isEmpty()) {
        out.append("\nRules checked by the API server (CEL):\n\n");
        rules.forEach(r -> out.append("- ").append(r).append('\n'));
      }
    }
    return out.toString();
  }

  private static void rows(String path, JsonNode node, StringBuilder out, List<String> rules) {
    for (JsonNode rule : node.path("x-kubernetes-validations")) {
      String field = rule.has("fieldPath") ? path + rule.get("fieldPath").asText() : path;
      rules.add("`" + field + "`: " + escape(rule.path("message").asText()));
    }
    JsonNode properties = node.has("properties") ? node.get("properties") : node.at("/items/properties");
    JsonNode required = node.has("properties") ? node.path("required") : node.at("/items/required");
    if (node.has("items")) {
      for (JsonNode rule : node.at("/items/x-kubernetes-validations")) {
        String field = rule.has("fieldPath") ? path + "[]" + rule.get("fieldPath").asText() : path + "[]";
        rules.add("`" + field + "`: " + escape(rule.path("message").asText()));
      }
    }
    if (properties.isMissingNode()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode field = e.getValue();
      String name = path + (node.has("items") ? "[]." : ".") + e.getKey();
      boolean isRequired = false;
      for (JsonNode r : required) {
        isRequired |= r.asText().equals(e.getKey());
      }
      out.append("| `").append(name).append("`").append(isRequired ? " (required)" : "")
          .append(" | ").append(type(field))
          .append(" | ").append(field.has("default") ? "`" + field.get("default").toString().replace("|", "\\|") + "`" : "")
          .append(" | ").append(constraints(field))
          .append(" | ").append(escape(field.path("description").asText())).append(" |\n");
      rows(name, field, out, rules);
    }
  }

  private static String type(JsonNode field) {
    String type = field.path("type").asText("object");
    return type.equals("array") ? "array of " + field.at("/items/type").asText("object") : type;
  }

  private static String constraints(JsonNode field) {
    List<String> parts = new ArrayList<>();
    if (field.has("enum")) {
      List<String> values = new ArrayList<>();
      field.get("enum").forEach(v -> values.add(v.asText()));
      parts.add("one of " + String.join(", ", values));
    }
    if (field.has("minimum")) {
      parts.add("min " + number(field.get("minimum")));
    }
    if (field.has("maximum")) {
      parts.add("max " + number(field.get("maximum")));
    }
    if (field.has("minLength")) {
      parts.add("length >= " + field.get("minLength").asText());
    }
    if (field.has("maxLength")) {
      parts.add("length <= " + field.get("maxLength").asText());
    }
    if (field.has("maxItems")) {
      parts.add("at most " + field.get("maxItems").asText() + " items");
    }
    if (field.has("pattern")) {
      parts.add("pattern `" + field.get("pattern").asText().replace("|", "\\|").replace("`", "'") + "`");
    }
    return String.join("; ", parts);
  }

  private static String number(JsonNode value) {
    return value.asDouble() == Math.rint(value.asDouble()) ? Long.toString(value.asLong()) : value.asText();
  }

  private static String escape(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
