package com.torrust.operator.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.torrust.operator.api.TrackerDeployment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The CustomResourceDefinition generated from the API classes at build time, as packaged in the jar. */
public final class CrdSchema {

  /** Where the CRD generator writes the CRD, and so where it is found on the class path. */
  public static final String RESOURCE = "META-INF/fabric8/" + TrackerDeployment.CRD_NAME + "-v1.yml";

  private final JsonNode crd;

  private CrdSchema(JsonNode crd) {
    this.crd = crd;
  }

  public static CrdSchema fromClasspath() {
    try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path: the build did not generate the CRD");
      }
      return new CrdSchema(new ObjectMapper(new YAMLFactory()).readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The whole CustomResourceDefinition. */
  public JsonNode crd() {
    return crd;
  }

  /** The OpenAPI v3 schema of the served version. */
  public JsonNode openApiV3Schema() {
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (TrackerDeployment.VERSION.equals(version.path("name").asText())) {
        return version.path("schema").path("openAPIV3Schema");
      }
    }
    throw new IllegalStateException("the CRD has no version " + TrackerDeployment.VERSION);
  }

  /** The schema of {@code .spec}. */
  public JsonNode specSchema() {
    return openApiV3Schema().path("properties").path("spec");
  }
}
