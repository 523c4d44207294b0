package com.torrust.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/** The annotations a person sets on a TrackerDeployment to steer the operator. */
public final class Annotations {

  /** "true": the operator does not touch the host nor write status until the annotation is removed. */
  public static final String PAUSED = "tracker.torrust.com/paused";

  /** "true": on delete, skip the cleanup on the host (it is gone) and just let the resource go. */
  public static final String DETACH = "tracker.torrust.com/detach";

  /**
   * The host key a person confirmed ("SHA256:..." or "ssh-ed25519 AAAA..."), when spec.host.hostKey is
   * empty: the operator converges a host only with a pinned key. An annotation, not status: whoever may
   * only patch status cannot pin a key.
   */
  public static final String HOST_KEY = "tracker.torrust.com/host-key";

  /**
   * Any new value (a timestamp, say) asks for a reconcile now, as Flux's reconcile.fluxcd.io/requestedAt
   * does; status.lastHandledReconcileAt shows the value once handled. With drift detection Disabled,
   * such a reconcile still looks at the host.
   */
  public static final String REQUESTED_AT = "tracker.torrust.com/requestedAt";

  /**
   * Any new value accepts the images the services run now as the deployed ones (ImageChanged clears):
   * the value is kept in the host's image record, so each new value accepts once.
   */
  public static final String ACCEPT_IMAGES = com.torrust.operator.drift.ImageDrift.ACCEPT_ANNOTATION;

  private Annotations() {}

  /** The annotation's value, stripped, or null. */
  public static String value(HasMetadata resource, String annotation) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(annotation);
    return value == null || value.isBlank() ? null : value.strip();
  }

  public static boolean isSet(HasMetadata resource, String annotation) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations != null && "true".equalsIgnoreCase(annotations.get(annotation));
  }
}
