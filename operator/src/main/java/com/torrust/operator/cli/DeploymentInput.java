package com.torrust.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.torrust.operator.admission.Admission;
import com.torrust.operator.admission.InvalidSpecException;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.plan.DeploymentSecrets;
import com.torrust.operator.plan.MissingSecretsException;
import com.torrust.operator.plan.SecretLookup;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.plan.SecretResolver;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A TrackerDeployment and its secret values as the commands take them: from a manifest file (or
 * standard input), admitted like the API server would, Secrets from the same stream or a folder.
 */
final class DeploymentInput {

  /** Input a command refuses; each line is printed to standard error and the command exits with 2. */
  static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> lines;

    RefusedException(List<String> lines) {
      super(String.join("\n", lines));
      this.lines = List.copyOf(lines);
    }

    List<String> lines() {
      return lines;
    }
  }

  record Loaded(TrackerDeployment deployment, DeploymentSecrets secrets, List<String> generated) {
    String name() {
      return deployment.getMetadata().getName();
    }

    /** What the host must look like. */
    DesiredHostState desired() {
      return new FileRenderer().render(Planner.plan(name(), deployment.getSpec()), deployment.getSpec(), secrets);
    }
  }

  private DeploymentInput() {}

  /**
   * @param makeUpGenerated whether values of the generated Secret that are not given may be made up
   *     (render: yes; check: no, they must match what is on the host)
   */
  static Loaded load(String file, String name, Path secretsDir, boolean makeUpGenerated) throws RefusedException {
    List<JsonNode> documents;
    try {
      documents = Manifests.read(file, System.in);
    } catch (Manifests.UnreadableManifestException e) {
      throw new RefusedException(List.of("error: " + e.getMessage()));
    }
    List<JsonNode> candidates =
        documents.stream()
            .filter(d -> Admission.KIND.equals(d.path("kind").asText()))
            .filter(d -> name == null || name.equals(d.path("metadata").path("name").asText()))
            .toList();
    if (candidates.size() != 1) {
      throw new RefusedException(List.of("error: " + file + ": " + (candidates.isEmpty()
          ? "no TrackerDeployment" + (name == null ? "" : " named " + name) + " in it"
          : candidates.size() + " TrackerDeployments in it; choose one with --name")));
    }
    TrackerDeployment deployment;
    try {
      deployment = Admission.fromClasspath().admit(candidates.get(0));
    } catch (InvalidSpecException e) {
      List<String> lines = new ArrayList<>(List.of("error: " + Manifests.describe(candidates.get(0)) + " is invalid:"));
      e.violations().forEach(v -> lines.add("  " + v));
      throw new RefusedException(lines);
    }
    String deploymentName = deployment.getMetadata().getName();
    SecretLookup given = new ManifestSecrets(documents, secretsDir == null ? null : secretsDir.toAbsolutePath().normalize());
    GeneratedSecrets generated = makeUpGenerated ? new GeneratedSecrets(given, deploymentName) : null;
    try {
      DeploymentSecrets secrets = SecretResolver.resolve(deploymentName, deployment.getSpec(), generated != null ? generated : given);
      return new Loaded(deployment, secrets, generated == null ? List.of() : generated.generated());
    } catch (MissingSecretsException e) {
      List<String> lines = new ArrayList<>();
      if (!e.missing().isEmpty()) {
        lines.add("error: TrackerDeployment " + deploymentName + " needs secret values that were not given:");
        e.missing().forEach(m -> lines.add("  " + m));
        lines.add("Add the Secrets to the manifest, or put each value in DIR/SECRET-NAME/KEY and pass --secrets-dir DIR.");
      }
      if (!e.unusable().isEmpty()) {
        lines.add("error: TrackerDeployment " + deploymentName + " cannot use these secret values:");
        e.unusable().forEach(m -> lines.add("  " + m));
      }
      throw new RefusedException(lines);
    }
  }
}
