package com.torrust.operator.converge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;

/**
 * Reads a Trivy JSON report (schema version 2: SchemaVersion, Results[].Vulnerabilities[].Severity) into
 * counts by severity. Strict: another schema version, a result or vulnerability that is not an object, or
 * an unknown severity is an error, never a count of zero.
 */
final class TrivyReport {

  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build()).build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final String[] SEVERITIES = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"};

  private TrivyReport() {}

  /** CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN. */
  static int[] counts(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String why = e.getOriginalMessage();
      throw new IllegalArgumentException("not JSON (" + (why.length() > 120 ? why.substring(0, 120) : why) + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode version = root.get("SchemaVersion");
    if (version == null || !version.isInt() || version.asInt() != 2) {
      throw new IllegalArgumentException("SchemaVersion is " + (version == null ? "missing" : version.toString()) + ", not 2");
    }
    int[] counts = new int[SEVERITIES.length];
    JsonNode results = root.get("Results");
    if (results == null || results.isNull()) {
      return counts; // nothing was found to scan or nothing was found in it
    }
    if (!results.isArray()) {
      throw new IllegalArgumentException("Results is not a list");
    }
    for (JsonNode result : results) {
      if (!result.isObject()) {
        throw new IllegalArgumentException("a result is not an object");
      }
      JsonNode vulnerabilities = result.get("Vulnerabilities");
      if (vulnerabilities == null || vulnerabilities.isNull()) {
        continue;
      }
      if (!vulnerabilities.isArray()) {
        throw new IllegalArgumentException("Vulnerabilities of " + target(result) + " is not a list");
      }
      for (JsonNode v : vulnerabilities) {
        JsonNode severity = v.isObject() ? v.get("Severity") : null;
        int index = severity != null && severity.isTextual() ? indexOf(severity.asText()) : -1;
        if (index < 0) {
          throw new IllegalArgumentException("a vulnerability of " + target(result) + " has no known Severity");
        }
        counts[index]++;
      }
    }
    return counts;
  }

  private static int indexOf(String severity) {
    for (int i = 0; i < SEVERITIES.length; i++) {
      if (SEVERITIES[i].equals(severity)) {
        return i;
      }
    }
    return -1;
  }

  private static String target(JsonNode result) {
    JsonNode t = result.get("Target");
    String s = t != null && t.isTextual() ? t.asText() : "a result";
    return s.length() > 80 ? s.substring(0, 80) : s;
  }

  /**
   * The last non-blank line of Trivy's error output (its FATAL line, "TIME\tFATAL\tFatal error\tMESSAGE"),
   * without the time and level, for the summary.
   */
  static String lastLine(String stderr) {
    String[] lines = stderr.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    if (last.toLowerCase(Locale.ROOT).startsWith("usage")) {
      last = lines[0].strip();
    }
    for (String prefix : new String[] {"\tFatal error\t", "\tFATAL\t"}) {
      int at = last.indexOf(prefix);
      if (at >= 0) {
        return last.substring(at + prefix.length()).replace('\t', ' ').strip();
      }
    }
    return last.isEmpty() ? "no message" : last.replace('\t', ' ');
  }
}
