package com.torrust.operator.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.torrust.operator.api.Formats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The structural part of the CRD's OpenAPI v3 schema (types, ranges, lengths, patterns, enums,
 * required fields), checked as JSON Schema draft 4, the dialect OpenAPI 3.0 schemas are built on.
 */
final class SchemaCheck {

  private final JsonSchema schema;

  SchemaCheck(JsonNode openApiSchema) {
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
    this.schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(withoutKubernetesKeywords(openApiSchema), config);
  }

  List<Violation> check(JsonNode value, String rootPath) {
    List<Violation> out = new ArrayList<>();
    for (ValidationMessage message : schema.validate(value)) {
      out.add(toViolation(message, rootPath));
    }
    out.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
    return out;
  }

  private static Violation toViolation(ValidationMessage message, String rootPath) {
    String field = fieldOf(message.getInstanceLocation(), rootPath);
    String keyword = message.getType();
    JsonNode schemaNode = message.getSchemaNode();
    String text =
        switch (keyword) {
          case "required" -> {
            field = FieldPath.child(field, message.getProperty());
            yield "is required";
          }
          case "pattern" ->
              "must be "
                  + Formats.describe(schemaNode.asText())
                      .orElse("in the format " + schemaNode.asText());
          case "maxLength" -> "must be at most " + schemaNode.asInt() + " characters long";
          case "minLength" -> "must be at least " + schemaNode.asInt() + " characters long";
          case "maximum" -> "must be at most " + schemaNode.asLong();
          case "minimum" -> "must be at least " + schemaNode.asLong();
          case "maxItems" -> "must have at most " + schemaNode.asInt() + " items";
          case "minItems" -> "must have at least " + schemaNode.asInt() + " item(s)";
          case "enum" -> "must be one of " + enumValues(schemaNode);
          case "type" -> "must be of type " + schemaNode.asText();
          default -> stripLocation(message.getMessage());
        };
    return new Violation(field, text);
  }

  private static String fieldOf(JsonNodePath location, String rootPath) {
    // JSON path form: $.tracker.udpTrackers[0].port -> spec.tracker.udpTrackers[0].port
    String path = location.toString();
    String relative = path.startsWith("$") ? path.substring(1) : path;
    if (relative.startsWith(".")) {
      relative = relative.substring(1);
    }
    if (relative.isEmpty()) {
      return rootPath;
    }
    return relative.startsWith("[") ? rootPath + relative : FieldPath.child(rootPath, relative);
  }

  private static String enumValues(JsonNode values) {
    List<String> names = new ArrayList<>();
    values.forEach(v -> names.add(v.asText()));
    return String.join(", ", names);
  }

  private static String stripLocation(String message) {
    int colon = message.indexOf(": ");
    return colon >= 0 ? message.substring(colon + 2) : message;
  }

  /** The x-kubernetes-* keywords mean nothing to JSON Schema; CEL rules are checked by {@link CelRules}. */
  private static JsonNode withoutKubernetesKeywords(JsonNode node) {
    JsonNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (entry.getKey().startsWith("x-kubernetes-")) {
          it.remove();
        } else {
          strip(entry.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(SchemaCheck::strip);
    }
  }
}
