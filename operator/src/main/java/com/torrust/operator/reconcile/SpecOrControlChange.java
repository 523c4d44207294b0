package com.torrust.operator.reconcile;

import com.torrust.operator.api.TrackerDeployment;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a TrackerDeployment start a reconcile: a new spec (generation), deletion, finalizer
 * changes, and the paused/detach/host-key/requestedAt annotations. Not status writes, the operator's own included: a status
 * write must never cause another look at the host (that would double the SSH work and loop).
 */
public final class SpecOrControlChange implements OnUpdateFilter<TrackerDeployment> {

  @Override
  public boolean accept(TrackerDeployment updated, TrackerDeployment old) {
    var now = updated.getMetadata();
    var before = old.getMetadata();
    return !Objects.equals(now.getGeneration(), before.getGeneration())
        || !Objects.equals(now.getDeletionTimestamp(), before.getDeletionTimestamp())
        || !Objects.equals(now.getFinalizers(), before.getFinalizers())
        || !Objects.equals(annotation(now.getAnnotations(), Annotations.PAUSED), annotation(before.getAnnotations(), Annotations.PAUSED))
        || !Objects.equals(annotation(now.getAnnotations(), Annotations.DETACH), annotation(before.getAnnotations(), Annotations.DETACH))
        || !Objects.equals(annotation(now.getAnnotations(), Annotations.HOST_KEY), annotation(before.getAnnotations(), Annotations.HOST_KEY))
        || !Objects.equals(annotation(now.getAnnotations(), Annotations.REQUESTED_AT),
            annotation(before.getAnnotations(), Annotations.REQUESTED_AT))
        || !Objects.equals(annotation(now.getAnnotations(), Annotations.ACCEPT_IMAGES),
            annotation(before.getAnnotations(), Annotations.ACCEPT_IMAGES));
  }

  private static String annotation(Map<String, String> annotations, String key) {
    return annotations == null ? null : annotations.get(key);
  }
}
