package com.torrust.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/** The annotations a person sets on a TrackerDeployment to steer the operator. */
public final class Annotations {

  /** "true": the operator does not touch the host nor write status until the annotation is removed. */
  public static final String PAUSED = "tracker.torrust.com/paused";

  /** "true": on delete, skip the cleanup on the host (it is gone) and just let the resource go. */
  public static final String DETACH = "tracker.torrust.com/detach";

  private Annotations() {}

  public static boolean isSet(HasMetadata resource, String annotation) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations != null && "true".equalsIgnoreCase(annotations.get(annotation));
  }
}
