package com.torrust.operator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;

/** The -o/--output choices of the reporting commands (check, probe): text for people, JSON and YAML for programs. */
enum OutputFormat {
  text, json, yaml;

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
      .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
      .findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** Writes {@code report} as JSON or YAML; false for text, which each command prints its own way. */
  boolean write(PrintWriter out, Object report) throws JsonProcessingException {
    switch (this) {
      case json -> out.println(JSON.writeValueAsString(report));
      case yaml -> out.print(YAML.writeValueAsString(report));
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The findings as text: {@code none} when there are none, else a count and one line each, the severity first. */
  static void printFindings(PrintWriter out, java.util.List<com.torrust.operator.drift.Finding> findings, String none) {
    if (findings.isEmpty()) {
      out.println(none);
      return;
    }
    out.println(findings.size() + (findings.size() == 1 ? " finding:" : " findings:"));
    for (com.torrust.operator.drift.Finding f : findings) {
      out.println("  " + f.severity().name().toUpperCase(java.util.Locale.ROOT) + " " + f.kind() + ": " + f.message());
    }
  }
}
