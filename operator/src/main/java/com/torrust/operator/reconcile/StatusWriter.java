package com.torrust.operator.reconcile;

import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.api.TrackerDeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Objects;

/**
 * Writes status only when it changed (GitOps tools refresh on every write), onto the resource as
 * stored now, so a spec edited during a long converge does not make the write conflict.
 */
final class StatusWriter {

  private final KubernetesClient client;

  StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Returns whether anything was written. */
  boolean write(TrackerDeployment deployment, TrackerDeploymentStatus next) {
    if (Objects.equals(deployment.getStatus(), next)) {
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
    return true;
  }
}
