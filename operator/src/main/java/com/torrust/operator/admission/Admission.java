package com.torrust.operator.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.torrust.operator.api.Formats;
import com.torrust.operator.api.TrackerDeployment;
import java.util.ArrayList;
import java.util.List;

/**
 * Admission of a TrackerDeployment outside the API server: the same defaulting, schema and CEL rules,
 * read from the generated CRD, so the command line and the reconciler refuse exactly what
 * {@code kubectl apply} would refuse, before anything reaches a host.
 */
public final class Admission {

  public static final String API_VERSION = TrackerDeployment.GROUP + "/" + TrackerDeployment.VERSION;
  public static final String KIND = "TrackerDeployment";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final JsonNode specSchema;
  private final SchemaCheck schemaCheck;
  private final CelRules celRules = new CelRules();
  /**
   * Specs already found valid, by the SHA-256 of their JSON: every resync admits the same spec again,
   * and the schema and CEL checks were a tenth of a resync's CPU at scale (CEL's matches() compiles its
   * pattern at each call). Defaults are still applied each time; only the verdict is remembered.
   */
  private final java.util.Map<String, Boolean> valid = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
      return size() > VALID_SPECS_KEPT;
    }
  });
  private static final int VALID_SPECS_KEPT = 8192;

  public Admission(CrdSchema crd) {
    this.specSchema = crd.specSchema();
    this.schemaCheck = new SchemaCheck(specSchema);
    celRules.compileAll(specSchema);
  }

  /** Admission with the CRD packaged in this build. */
  public static Admission fromClasspath() {
    return new Admission(CrdSchema.fromClasspath());
  }

  /**
   * Defaults and validates a TrackerDeployment given as a parsed document.
   *
   * @return the typed resource, its spec defaulted
   * @throws InvalidSpecException with every violation found; nothing is partially admitted
   */
  public TrackerDeployment admit(JsonNode resource) throws InvalidSpecException {
    List<Violation> violations = new ArrayList<>();
    if (!resource.isObject()) {
      throw new InvalidSpecException(List.of(new Violation("", "is not a YAML/JSON object")));
    }
    requireValue(resource, "apiVersion", API_VERSION, violations);
    requireValue(resource, "kind", KIND, violations);
    String name = resource.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      violations.add(new Violation("metadata.name", "is required"));
    } else if (name.length() > 253 || !name.matches(Formats.K8S_NAME_PATTERN)) {
      violations.add(new Violation("metadata.name", "must be " + Formats.describe(Formats.K8S_NAME_PATTERN).orElseThrow()));
    }
    JsonNode spec = resource.get("spec");
    if (spec == null || !spec.isObject()) {
      violations.add(new Violation("spec", "is required"));
      throw new InvalidSpecException(violations);
    }
    JsonNode defaulted = Defaults.apply(specSchema, spec);
    String digest = com.torrust.operator.api.Digests.sha256(spec.toString());
    if (!violations.isEmpty() || !valid.containsKey(digest)) {
      UnknownFields.find(specSchema, defaulted, "spec", violations);
      violations.addAll(schemaCheck.check(defaulted, "spec"));
      if (violations.isEmpty()) {
        // CEL rules assume a structurally valid object, as the API server's do.
        violations.addAll(celRules.check(specSchema, defaulted, "spec"));
      }
      if (!violations.isEmpty()) {
        throw new InvalidSpecException(violations);
      }
      valid.put(digest, Boolean.TRUE);
    }
    ObjectNode admitted = resource.deepCopy();
    admitted.set("spec", defaulted);
    try {
      return MAPPER.treeToValue(admitted, TrackerDeployment.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an admitted TrackerDeployment does not bind to the API classes", e);
    }
  }

  /** Re-admits a resource read from the API server (defence in depth: a CRD may be older than this operator). */
  public TrackerDeployment admit(TrackerDeployment resource) throws InvalidSpecException {
    return admit(MAPPER.valueToTree(resource));
  }

  private static void requireValue(JsonNode resource, String field, String expected, List<Violation> out) {
    String actual = resource.path(field).asText("");
    if (!expected.equals(actual)) {
      out.add(new Violation(field, "must be " + expected));
    }
  }
}
