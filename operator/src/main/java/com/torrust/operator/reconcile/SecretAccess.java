package com.torrust.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Arrays;
import java.util.Map;

/**
 * Which Secrets a TrackerDeployment may read. Whoever may create a TrackerDeployment could otherwise
 * name any Secret of the namespace and have the operator copy it to a host of their choice: a Secret is
 * usable only when its owner opted in with the label {@value #USABLE_LABEL}{@code =true}, and, when the
 * annotation {@value #USABLE_BY} is set, only by the TrackerDeployments it names. The operator's cache
 * holds only labelled Secrets ({@link #SELECTOR}), so other Secrets of the cluster cost no memory.
 */
public final class SecretAccess {

  /** The opt-in label: "true" lets TrackerDeployments of the Secret's namespace use it. */
  public static final String USABLE_LABEL = "tracker.torrust.com/usable";
  /** The label selector of the operator's Secret cache. */
  public static final String SELECTOR = USABLE_LABEL + "=true";
  /** Optional: a comma-separated list of the TrackerDeployment names (same namespace) that may use the Secret. */
  public static final String USABLE_BY = "tracker.torrust.com/usable-by";

  private SecretAccess() {}

  /** Why {@code deployment} may not use the Secret, or null when it may. */
  public static String refusal(Secret secret, String deployment) {
    String name = secret.getMetadata().getName();
    Map<String, String> labels = secret.getMetadata().getLabels();
    if (labels == null || !"true".equals(labels.get(USABLE_LABEL))) {
      return "Secret " + name + " exists but is not marked for use by TrackerDeployments; its owner opts in with"
          + " `kubectl label secret " + name + " " + USABLE_LABEL + "=true`";
    }
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String allowed = annotations == null ? null : annotations.get(USABLE_BY);
    if (allowed != null && Arrays.stream(allowed.split(",")).map(String::strip).noneMatch(deployment::equals)) {
      return "Secret " + name + " may be used only by the TrackerDeployments its annotation " + USABLE_BY + " names ("
          + allowed.strip() + "), not by " + deployment;
    }
    return null;
  }
}
