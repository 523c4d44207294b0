package com.torrust.operator.reconcile;

import com.torrust.operator.api.TrackerDeployment;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes Kubernetes Events on a TrackerDeployment (kubectl describe shows them) and logs each one. */
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
        .withName(name + "." + Long.toHexString(System.currentTimeMillis()) + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000)))
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
      LOG.warn("{}/{}: could not record the event {}: {}", namespace, name, event.reason(), e.getMessage());
    }
  }
}
