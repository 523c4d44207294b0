package com.torrust.operator.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Structural defaulting as the Kubernetes API server does it: a missing (or null) property that has a
 * {@code default} gets a copy of it, and defaulting continues inside the value, so a defaulted
 * {@code {}} object receives its own properties' defaults.
 */
final class Defaults {

  private Defaults() {}

  /** Returns a defaulted copy; the input is not changed. */
  static JsonNode apply(JsonNode schema, JsonNode value) {
    JsonNode copy = value.deepCopy();
    applyInPlace(schema, copy);
    return copy;
  }

  private static void applyInPlace(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        JsonNode current = object.get(property.getKey());
        JsonNode defaultValue = property.getValue().get("default");
        if ((current == null || current.isNull()) && defaultValue != null) {
          object.set(property.getKey(), defaultValue.deepCopy());
        } else if (current != null && current.isNull()) {
          object.remove(property.getKey());
        }
        JsonNode child = object.get(property.getKey());
        if (child != null) {
          applyInPlace(property.getValue(), child);
        }
      }
    } else if (value instanceof ArrayNode array) {
      JsonNode items = schema.path("items");
      for (JsonNode element : array) {
        applyInPlace(items, element);
      }
    }
  }
}
