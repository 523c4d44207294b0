package com.torrust.operator.reconcile;

import com.torrust.operator.api.TrackerDeployment;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events on a TrackerDeployment (kubectl describe shows them) and logs each one. An
 * Event's name is derived from what it says (resource uid, type, reason, message), as client-go's
 * correlator does: the same Event again raises the count and lastTimestamp of the one already there,
 * so a flapping host makes one Event with a growing count, not a new object per flap.
 */
final class EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "tracker-operator";

  private final KubernetesClient client;

  EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  /** Records the event; a failure to write it is logged and never fails the reconcile. */
  void record(TrackerDeployment deployment, StatusEvent event) {
    String namespace = deployment.getMetadata().getNamespace();
    String name = deployment.getMetadata().getName();
    if (event.warning()) {
      LOG.warn("{}/{}: {}: {}", namespace, name, event.reason(), event.message());
    } else {
      LOG.info("{}/{}: {}: {}", namespace, name, event.reason(), event.message());
    }
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Event kubeEvent = new EventBuilder()
        .withNewMetadata()
        .withName(eventName(deployment, event))
        .withNamespace(namespace)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(deployment.getApiVersion()).withKind(deployment.getKind()).withName(name).withNamespace(namespace)
        .withUid(deployment.getMetadata().getUid()).withResourceVersion(deployment.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(event.warning() ? "Warning" : "Normal")
        .withReason(event.reason())
        .withMessage(event.message().length() > 1024 ? event.message().substring(0, 1021) + "..." : event.message())
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .build();
    try {
      client.v1().events().inNamespace(namespace).resource(kubeEvent).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == java.net.HttpURLConnection.HTTP_CONFLICT) {
        again(namespace, kubeEvent.getMetadata().getName(), now, event);
      } else {
        LOG.warn("{}/{}: could not record the event {}: {}", namespace, name, event.reason(), e.getMessage());
      }
    }
  }

  /** The same Event once more: its count and lastTimestamp go up. */
  private void again(String namespace, String eventName, String now, StatusEvent event) {
    try {
      client.v1().events().inNamespace(namespace).withName(eventName).edit(existing -> {
        existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
        existing.setLastTimestamp(now);
        return existing;
      });
    } catch (KubernetesClientException e) {
      LOG.warn("{}: could not count the event {} again: {}", namespace, event.reason(), e.getMessage());
    }
  }

  /** "<resource>.<16 hex digits of SHA-256 over uid, type, reason and message>": equal Events, equal names. */
  static String eventName(TrackerDeployment deployment, StatusEvent event) {
    String content = deployment.getMetadata().getUid() + "\n" + event.warning() + "\n" + event.reason() + "\n" + event.message();
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return deployment.getMetadata().getName() + "." + java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
