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

  /**
   * What to do with values of the generated Secret that are not given: make them up for this run only
   * (render), read them from the state folder (check), or read them and else make them up and keep
   * them there (apply).
   */
  enum Generated { MADE_UP, READ, KEPT }

  /**
   * @param generated "Secret NAME key KEY" of each value made up by this run
   * @param keptIn the state folder the made-up values were written to, or null
   */
  record Loaded(TrackerDeployment deployment, DeploymentSecrets secrets, List<String> generated, java.nio.file.Path keptIn) {
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
   * @param generated what to do with values of the generated Secret that are not given
   * @param state the state folder of generated values (check and apply)
   */
  static Loaded load(String file, String name, Path secretsDir, Generated generated, StateDir state) throws RefusedException {
    List<JsonNode> documents = read(file);
    TrackerDeployment deployment = admitted(documents, file, name);
    String deploymentName = deployment.getMetadata().getName();
    SecretLookup given = new ManifestSecrets(documents, secretsDir == null ? null : secretsDir.toAbsolutePath().normalize());
    String host = deployment.getSpec().host() == null ? null : deployment.getSpec().host().address();
    GeneratedSecrets lookup = new GeneratedSecrets(given, deploymentName, state, host, generated != Generated.READ);
    DeploymentSecrets secrets;
    try {
      secrets = SecretResolver.resolve(deploymentName, deployment.getSpec(), lookup);
    } catch (MissingSecretsException e) {
      List<String> lines = new ArrayList<>();
      if (!e.missing().isEmpty()) {
        lines.add("error: TrackerDeployment " + deploymentName + " needs secret values that were not given:");
        e.missing().forEach(m -> lines.add("  " + m));
        lines.add("Add the Secrets to the manifest, or put each value in DIR/SECRET-NAME/KEY and pass --secrets-dir DIR.");
        if (generated == Generated.READ && state != null) {
          lines.add("Values of " + SecretResolver.generatedSecretName(deploymentName) + " that `apply` generated are kept in "
              + (host == null ? state.root() : state.folder(host, SecretResolver.generatedSecretName(deploymentName)))
              + " (--state-dir); none is there for this deployment and host.");
        }
      }
      if (!e.unusable().isEmpty()) {
        lines.add("error: TrackerDeployment " + deploymentName + " cannot use these secret values:");
        e.unusable().forEach(m -> lines.add("  " + m));
      }
      throw new RefusedException(lines);
    }
    Path kept = null;
    if (generated == Generated.KEPT) {
      try {
        kept = lookup.keep(); // before the host gets them: a value the host uses is never lost
      } catch (java.io.IOException e) {
        throw new RefusedException(List.of("error: cannot keep the generated values in " + state.root() + ": " + e.getMessage()
            + "; nothing was sent to the host"));
      }
    }
    return new Loaded(deployment, secrets, lookup.generated(), kept);
  }

  /** The documents of a manifest file ('-': standard input). */
  static List<JsonNode> read(String file) throws RefusedException {
    try {
      return Manifests.read(file, System.in);
    } catch (Manifests.UnreadableManifestException e) {
      throw new RefusedException(List.of("error: " + e.getMessage()));
    }
  }

  /** The one TrackerDeployment of the documents (the one named {@code name}), admitted: defaults applied, or refused. */
  static TrackerDeployment admitted(List<JsonNode> documents, String file, String name) throws RefusedException {
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
    return deployment;
  }
}
