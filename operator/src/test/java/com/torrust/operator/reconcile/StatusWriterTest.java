package com.torrust.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.torrust.operator.api.Condition;
import com.torrust.operator.api.DriftFinding;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.api.TrackerDeploymentStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A status the API server refuses must not leave the last one standing. */
class StatusWriterTest {

  private static TrackerDeployment deployment() {
    TrackerDeployment deployment = new TrackerDeployment();
    deployment.setMetadata(new ObjectMetaBuilder().withName("demo").withNamespace("trackers").withUid("uid-1").build());
    deployment.setStatus(new TrackerDeploymentStatus(1L, List.of(new Condition("Ready", "True", "Converged", "ok", "t0", 1L)), null, null,
        List.of(), "hash-0"));
    return deployment;
  }

  private static TrackerDeploymentStatus drifted() {
    List<DriftFinding> drift = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      drift.add(new DriftFinding("UnexpectedPublicPort", "Critical", 10000 + i, "TCP", "0.0.0.0", "x", "port open", "t1"));
    }
    return new TrackerDeploymentStatus(2L, List.of(new Condition("Ready", "False", "DriftDetected", "m".repeat(2000), "t1", 2L)),
        new HostStatus("ssh-ed25519 AAAA", "SHA256:x", "Debian 12", "20.10", "1.29.2", "0.36.2"), List.of(), drift, "hash-1");
  }

  @Test
  void aRefusedStatusIsReplacedByAMinimalOneThatKeepsReadyAndTheHostKey() {
    List<TrackerDeploymentStatus> puts = new ArrayList<>();
    StatusWriter writer = new StatusWriter((d, status) -> {
      puts.add(status);
      if (puts.size() == 1) {
        throw new KubernetesClientException("TrackerDeployment is invalid: status.drift: Too many", 422, null);
      }
    }, new HashMap<>());
    TrackerDeployment deployment = deployment();

    assertThat(writer.write(deployment, drifted())).isTrue();

    TrackerDeploymentStatus written = puts.get(1);
    assertThat(written.conditions()).singleElement().satisfies(c -> {
      assertThat(c.status()).isEqualTo("False");
      assertThat(c.reason()).isEqualTo("DriftDetected");
      assertThat(c.message()).hasSizeLessThanOrEqualTo(256);
    });
    assertThat(written.drift()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo("StatusRefused");
      assertThat(d.message()).contains("HTTP 422", "50 findings", "tracker-operator check");
    });
    assertThat(written.host().hostKeyFingerprint()).isEqualTo("SHA256:x");
    assertThat(deployment.getStatus()).isSameAs(written);
  }

  @Test
  void otherErrorsAreNotHidden() {
    StatusWriter writer = new StatusWriter((d, status) -> {
      throw new KubernetesClientException("conflict", 409, null);
    }, new HashMap<>());

    assertThatThrownBy(() -> writer.write(deployment(), drifted())).isInstanceOf(KubernetesClientException.class);
  }
}
