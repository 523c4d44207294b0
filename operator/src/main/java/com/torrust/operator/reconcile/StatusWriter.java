package com.torrust.operator.reconcile;

import com.torrust.operator.api.Condition;
import com.torrust.operator.api.DriftFinding;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.api.TrackerDeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes status only when it changed (GitOps tools refresh on every write), onto the resource as
 * stored now, so a spec edited during a long converge does not make the write conflict.
 */
final class StatusWriter {

  /** Puts a status onto the stored resource; the API server may refuse it (KubernetesClientException). */
  interface Store {
    void put(TrackerDeployment deployment, TrackerDeploymentStatus status);
  }

  private final Store store;
  private final Map<String, TrackerDeploymentStatus> written;

  StatusWriter(KubernetesClient client) {
    this(client, new ConcurrentHashMap<>());
  }

  /** @param written receives each status written, by resource uid (the reconciler starts from it) */
  StatusWriter(KubernetesClient client, Map<String, TrackerDeploymentStatus> written) {
    this((deployment, status) -> {
      // The edit reads the stored resource and patches its status against that version: when the
      // resource changed in between (an annotation, a finalizer), read it again and patch again.
      for (int attempt = 1; ; attempt++) {
        try {
          client.resources(TrackerDeployment.class).inNamespace(deployment.getMetadata().getNamespace())
              .withName(deployment.getMetadata().getName())
              .editStatus(stored -> {
                stored.setStatus(status);
                return stored;
              });
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == CONFLICT_TRIES) {
            throw e;
          }
        }
      }
    }, written);
  }

  /** Writes that lost a race with another change of the resource are tried this many times in all. */
  private static final int CONFLICT_TRIES = 3;

  StatusWriter(Store store, Map<String, TrackerDeploymentStatus> written) {
    this.store = store;
    this.written = written;
  }

  /** Returns whether anything was written. */
  boolean write(TrackerDeployment deployment, TrackerDeploymentStatus next) {
    if (same(deployment.getStatus(), next)) {
      return false;
    }
    TrackerDeploymentStatus stored = next;
    try {
      store.put(deployment, next);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return false; // deleted meanwhile: nothing to report on
      }
      if (e.getCode() != UNPROCESSABLE && e.getCode() != TOO_LARGE || next == null) {
        throw e;
      }
      // Refused (a schema limit, or too large): the old status would stand, saying all is well. Write
      // what cannot be refused instead, and say so.
      stored = minimal(next, e.getCode());
      store.put(deployment, stored);
    }
    deployment.setStatus(stored);
    if (deployment.getMetadata().getUid() != null && stored != null) {
      written.put(deployment.getMetadata().getUid(), stored);
    }
    return true;
  }

  private static final int UNPROCESSABLE = 422;
  private static final int TOO_LARGE = 413;

  /**
   * The conditions, their messages cut short, and one finding saying the full status was refused:
   * Ready stays what it was computed to be, so a host that drifted never reads as fine.
   */
  static TrackerDeploymentStatus minimal(TrackerDeploymentStatus full, int code) {
    List<Condition> conditions = full.conditions() == null ? null : full.conditions().stream()
        .map(c -> new Condition(c.type(), c.status(), c.reason(), StatusCalculator.cut(c.message(), 256), c.lastTransitionTime(),
            c.observedGeneration()))
        .toList();
    int findings = full.drift() == null ? 0 : full.drift().size();
    List<DriftFinding> drift = List.of(new DriftFinding("StatusRefused", "Warning", null, null, null, null,
        "The API server refused the full status (HTTP " + code + "); " + findings + " finding" + (findings == 1 ? "" : "s")
            + " are not shown: `tracker-operator check` lists them.", null));
    return new TrackerDeploymentStatus(full.observedGeneration(), conditions, full.host(), full.endpoints(), drift, full.lastAppliedHash(), full.server(), full.failures(), full.lastHandledReconcileAt());
  }

  /**
   * Equal as stored: an empty list and no list are the same status, since a stored status may come
   * back without the empty list it was written with (the embedded API drops it), and writing again
   * would only change that, on every poll.
   */
  static boolean same(TrackerDeploymentStatus stored, TrackerDeploymentStatus next) {
    return Objects.equals(canonical(stored), canonical(next));
  }

  private static TrackerDeploymentStatus canonical(TrackerDeploymentStatus status) {
    if (status == null) {
      return null;
    }
    return new TrackerDeploymentStatus(status.observedGeneration(), emptyToNull(status.conditions()), status.host(),
        emptyToNull(status.endpoints()), emptyToNull(status.drift()), status.lastAppliedHash(), status.server(), status.failures(), status.lastHandledReconcileAt());
  }

  private static <T> List<T> emptyToNull(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
