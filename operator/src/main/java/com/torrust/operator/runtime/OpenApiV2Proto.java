package com.torrust.operator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * An OpenAPI v2 document in the protobuf form kubectl before 1.27 asks for
 * ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}, gnostic's openapi.v2.Document,
 * field numbers from google/gnostic openapiv2/OpenAPIv2.proto): what such a kubectl reads for
 * {@code explain} and to validate {@code apply}. Only what this API's documents hold is written: info,
 * paths with their operations' group-version-kind and query parameters, and definitions (JSON schemas;
 * vendor extensions and defaults as YAML, which JSON text is).
 */
final class OpenApiV2Proto {

  private OpenApiV2Proto() {}

  /** A protobuf message being written: fields in any order, each tag then its value. */
  static final class Message {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void varint(long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }

    Message string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Message bytes(int field, byte[] value) {
      varint((long) field << 3 | 2);
      varint(value.length);
      out.writeBytes(value);
      return this;
    }

    Message message(int field, Message value) {
      return bytes(field, value.toByteArray());
    }

    Message number(int field, long value) {
      varint((long) field << 3);
      varint(value);
      return this;
    }

    Message bool(int field, boolean value) {
      return number(field, value ? 1 : 0);
    }

    Message decimal(int field, double value) {
      varint((long) field << 3 | 1);
      long bits = Double.doubleToLongBits(value);
      for (int i = 0; i < 8; i++) {
        out.write((int) (bits >>> (8 * i)) & 0xFF);
      }
      return this;
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  /** A swagger 2.0 document as JSON into openapi.v2.Document. */
  static byte[] document(JsonNode swagger) {
    Message doc = new Message().string(1, swagger.path("swagger").asText("2.0"));
    doc.message(2, new Message().string(1, swagger.path("info").path("title").asText("")).string(2, swagger.path("info").path("version").asText("")));
    Message paths = new Message();
    for (Iterator<Map.Entry<String, JsonNode>> it = swagger.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      Message item = new Message();
      int[] numbers = {2, 3, 4, 5, 8};
      String[] methods = {"get", "put", "post", "delete", "patch"};
      for (int i = 0; i < methods.length; i++) {
        if (path.getValue().has(methods[i])) {
          item.message(numbers[i], operation(path.getValue().get(methods[i])));
        }
      }
      paths.message(2, new Message().string(1, path.getKey()).message(2, item));
    }
    doc.message(8, paths);
    Message definitions = new Message();
    for (Iterator<Map.Entry<String, JsonNode>> it = swagger.path("definitions").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> definition = it.next();
      definitions.message(1, new Message().string(1, definition.getKey()).message(2, schema(definition.getValue())));
    }
    doc.message(9, definitions);
    return doc.toByteArray();
  }

  private static Message operation(JsonNode op) {
    Message out = new Message();
    for (JsonNode parameter : op.path("parameters")) {
      Message query = new Message().string(2, parameter.path("in").asText("query")).string(4, parameter.path("name").asText())
          .string(6, parameter.path("type").asText("string"));
      out.message(8, new Message().message(1, new Message().message(2, new Message().message(3, query))));
    }
    Message responses = new Message();
    for (Iterator<Map.Entry<String, JsonNode>> it = op.path("responses").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> response = it.next();
      Message value = new Message().string(1, response.getValue().path("description").asText(""));
      if (response.getValue().has("schema")) {
        value.message(2, new Message().message(1, schema(response.getValue().get("schema"))));
      }
      responses.message(1, new Message().string(1, response.getKey()).message(2, new Message().message(1, value)));
    }
    out.message(9, responses);
    vendorExtensions(op, out, 13);
    return out;
  }

  /** A JSON schema into openapi.v2.Schema. */
  static Message schema(JsonNode node) {
    Message out = new Message();
    text(node, "$ref", out, 1);
    text(node, "format", out, 2);
    text(node, "title", out, 3);
    text(node, "description", out, 4);
    if (node.has("default")) {
      out.message(5, any(node.get("default")));
    }
    if (node.has("maximum")) {
      out.decimal(7, node.get("maximum").asDouble());
    }
    if (node.has("minimum")) {
      out.decimal(9, node.get("minimum").asDouble());
    }
    int[] numbers = {11, 12, 14, 15, 17, 18};
    String[] keys = {"maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties"};
    for (int i = 0; i < keys.length; i++) {
      if (node.has(keys[i])) {
        out.number(numbers[i], node.get(keys[i]).asLong());
      }
    }
    text(node, "pattern", out, 13);
    node.path("required").forEach(r -> out.string(19, r.asText()));
    node.path("enum").forEach(e -> out.message(20, any(e)));
    JsonNode additional = node.get("additionalProperties");
    if (additional != null && additional.isBoolean()) {
      out.message(21, new Message().bool(2, additional.asBoolean()));
    } else if (additional != null && additional.isObject()) {
      out.message(21, new Message().message(1, schema(additional)));
    }
    if (node.has("type")) {
      out.message(22, new Message().string(1, node.get("type").asText()));
    }
    if (node.has("items")) {
      out.message(23, new Message().message(1, schema(node.get("items"))));
    }
    node.path("allOf").forEach(s -> out.message(24, schema(s)));
    if (node.has("properties")) {
      Message properties = new Message();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.get("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        properties.message(1, new Message().string(1, property.getKey()).message(2, schema(property.getValue())));
      }
      out.message(25, properties);
    }
    vendorExtensions(node, out, 31);
    return out;
  }

  private static void vendorExtensions(JsonNode node, Message out, int field) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getKey().startsWith("x-")) {
        out.message(field, new Message().string(1, entry.getKey()).message(2, any(entry.getValue())));
      }
    }
  }

  /** openapi.v2.Any with the value as YAML: JSON text is YAML (flow style). */
  private static Message any(JsonNode value) {
    return new Message().string(2, value.toString() + "\n");
  }

  private static void text(JsonNode node, String key, Message out, int field) {
    if (node.has(key) && node.get(key).isTextual()) {
      out.string(field, node.get(key).asText());
    }
  }
}
