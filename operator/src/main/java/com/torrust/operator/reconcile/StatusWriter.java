package com.torrust.operator.reconcile;

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

  private final KubernetesClient client;
  private final Map<String, TrackerDeploymentStatus> written;

  StatusWriter(KubernetesClient client) {
    this(client, new ConcurrentHashMap<>());
  }

  /** @param written receives each status written, by resource uid (the reconciler starts from it) */
  StatusWriter(KubernetesClient client, Map<String, TrackerDeploymentStatus> written) {
    this.client = client;
    this.written = written;
  }

  /** Returns whether anything was written. */
  boolean write(TrackerDeployment deployment, TrackerDeploymentStatus next) {
    if (same(deployment.getStatus(), next)) {
      return false;
    }
    try {
      client.resources(TrackerDeployment.class).inNamespace(deployment.getMetadata().getNamespace())
          .withName(deployment.getMetadata().getName())
          .editStatus(stored -> {
            stored.setStatus(next);
            return stored;
          });
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return false; // deleted meanwhile: nothing to report on
      }
      throw e;
    }
    deployment.setStatus(next);
    if (deployment.getMetadata().getUid() != null && next != null) {
      written.put(deployment.getMetadata().getUid(), next);
    }
    return true;
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
        emptyToNull(status.endpoints()), emptyToNull(status.drift()), status.lastAppliedHash(), status.server());
  }

  private static <T> List<T> emptyToNull(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
