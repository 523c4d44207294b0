package com.torrust.operator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset of printer columns, as the CRD uses it: {@code .a.b} and a filter by one field,
 * {@code .status.conditions[?(@.type=="Ready")].status}. Null when nothing is there.
 */
final class JsonPaths {

  private static final Pattern STEP = Pattern.compile("\\.([A-Za-z0-9_]+)(\\[\\?\\(@\\.([A-Za-z0-9_]+)==\"([^\"]*)\"\\)\\])?");

  private JsonPaths() {}

  static String read(JsonNode root, String path) {
    Matcher m = STEP.matcher(path);
    JsonNode node = root;
    int at = 0;
    while (at < path.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("unsupported JSONPath: " + path);
      }
      node = node.path(m.group(1));
      if (m.group(2) != null) {
        JsonNode match = null;
        for (JsonNode element : node) {
          if (element.path(m.group(3)).asText().equals(m.group(4))) {
            match = element;
            break;
          }
        }
        node = match == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : match;
      }
      at = m.end();
    }
    return node.isMissingNode() || node.isNull() ? null : node.isValueNode() ? node.asText() : node.toString();
  }
}
