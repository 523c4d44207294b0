package com.torrust.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.torrust.operator.admission.Admission;
import com.torrust.operator.admission.InvalidSpecException;
import com.torrust.operator.api.TrackerDeployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Admitted TrackerDeployments for tests: the examples, or a small spec changed by a test. */
public final class Specs {

  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Admission ADMISSION = Admission.fromClasspath();

  private Specs() {}

  public static final String MINIMAL =
      """
      apiVersion: tracker.torrust.com/v1alpha1
      kind: TrackerDeployment
      metadata:
        name: demo
      spec:
        host:
          address: 203.0.113.10
          sshKeySecretRef: {name: tracker-ssh, key: ssh-privatekey}
        tracker:
          udpTrackers: [{port: 6969}]
          httpTrackers: [{port: 7070}]
      """;

  /** The minimal spec with {@code change} applied to its spec object, admitted (defaults applied). */
  public static TrackerDeployment minimal(Consumer<ObjectNode> change) {
    try {
      ObjectNode document = (ObjectNode) YAML.readTree(MINIMAL);
      change.accept((ObjectNode) document.get("spec"));
      return admit(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TrackerDeployment minimal() {
    return minimal(spec -> {});
  }

  /** The TrackerDeployment of examples/full.yaml. */
  public static TrackerDeployment full() {
    try {
      for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(ProjectFiles.root().resolve("examples/full.yaml").toFile()).readAll()) {
        if (Admission.KIND.equals(document.path("kind").asText())) {
          return admit(document);
        }
      }
      throw new IllegalStateException("examples/full.yaml has no TrackerDeployment");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TrackerDeployment admit(JsonNode document) {
    try {
      return ADMISSION.admit(document);
    } catch (InvalidSpecException e) {
      throw new IllegalArgumentException("test spec is invalid: " + e.getMessage(), e);
    }
  }

  /** The full example aimed at a test host: its address and SSH port, user root, no host key (the caller pins it). */
  public static TrackerDeployment fullAt(String address, int sshPort) {
    com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode) YAML.valueToTree(full());
    ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("spec").get("host")).put("address", address).put("sshPort", sshPort)
        .put("user", "root").remove("hostKey");
    return admit(doc);
  }
}
