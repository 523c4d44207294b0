package com.torrust.operator.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;

/**
 * Fields the schema does not know. The API server silently drops them; kubectl (strict field
 * validation) and this operator reject them, because a misspelt field would otherwise be a setting
 * the user believes in and nobody applies.
 */
final class UnknownFields {

  private UnknownFields() {}

  static void find(JsonNode schema, JsonNode value, String path, List<Violation> out) {
    if (value.isObject()) {
      JsonNode properties = schema.get("properties");
      if (properties == null || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        return;
      }
      for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        String childPath = FieldPath.child(path, name);
        JsonNode childSchema = properties.get(name);
        if (childSchema == null) {
          out.add(new Violation(childPath, "unknown field"));
        } else {
          find(childSchema, value.get(name), childPath, out);
        }
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        find(schema.get("items"), value.get(i), FieldPath.element(path, i), out);
      }
    }
  }
}
