package com.torrust.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.Condition;
import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.runtime.OperatorRuntime;
import com.torrust.operator.runtime.PrometheusMetrics;
import com.torrust.operator.sandbox.SandboxHost;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** An operator running against the mock API server (CRUD), with quick timings for tests. */
final class OperatorHarness implements AutoCloseable {

  static final String NAMESPACE = "trackers";
  static final ReconcileSettings QUICK =
      new ReconcileSettings(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(4), 2, 2, 0.1, Duration.ofSeconds(1));

  final KubernetesClient client;
  final PrometheusMetrics metrics = new PrometheusMetrics();
  final OperatorRuntime runtime;

  OperatorHarness(KubernetesClient client, ReconcileSettings settings) {
    com.torrust.operator.runtime.EmbeddedApi.quiet();
    this.client = client;
    installCrd(client);
    this.runtime = OperatorRuntime.start(client,
        new OperatorRuntime.Options(Set.of(), false, null, null, "test", 8, 4, settings), metrics.registry(), metrics);
  }

  /** Only the resource helpers: the test runs its own operators. */
  OperatorHarness(KubernetesClient client) {
    com.torrust.operator.runtime.EmbeddedApi.quiet();
    this.client = client;
    installCrd(client);
    this.runtime = null;
  }

  /** Reconciles counted by an operator's metrics. */
  static long reconciles(PrometheusMetrics metrics) {
    return metrics.registry().find("tracker_operator_reconcile").timers().stream().mapToLong(io.micrometer.core.instrument.Timer::count).sum();
  }

  static void installCrd(KubernetesClient client) {
    try (InputStream crd = OperatorHarness.class.getClassLoader()
        .getResourceAsStream("META-INF/fabric8/" + TrackerDeployment.CRD_NAME + "-v1.yml")) {
      client.apiextensions().v1().customResourceDefinitions()
          .resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).createOr(c -> c.update());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An SSH key Secret "tracker-ssh" with a new key made by ssh-keygen in {@code dir}: for hosts that never
   * answer (a closed port), where only the Secret matters.
   */
  void newSshKeySecret(Path dir) throws IOException, InterruptedException {
    Path key = dir.resolve("id_ed25519");
    assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start().waitFor()).isZero();
    secret("tracker-ssh", Map.of("ssh-privatekey", Files.readString(key)));
  }

  /** The SSH key Secret of a sandbox host. */
  void sshKeySecret(SandboxHost host) throws IOException {
    secret("tracker-ssh", Map.of("ssh-privatekey", Files.readString(host.sshKey())));
  }

  void secret(String name, Map<String, String> values) {
    Secret secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
        .addToLabels(SecretAccess.USABLE_LABEL, "true").endMetadata()
        .withStringData(values).build();
    client.secrets().inNamespace(NAMESPACE).resource(secret).createOr(s -> s.update());
  }

  /** The minimal example aimed at the host, with the given lines added under spec (indented by two). */
  TrackerDeployment apply(SandboxHost host, String specExtra) {
    String yaml = com.torrust.operator.Specs.MINIMAL
        .replace("address: 203.0.113.10", "address: " + host.address() + "\n    sshPort: " + host.sshPort() + "\n    user: root"
            + "\n    hostKey: " + host.hostKeyFingerprint())
        + specExtra;
    return apply(yaml);
  }

  TrackerDeployment apply(String yaml) {
    TrackerDeployment resource = client.getKubernetesSerialization().unmarshal(yaml, TrackerDeployment.class);
    resource.getMetadata().setNamespace(NAMESPACE);
    return client.resource(resource).createOr(r -> r.update());
  }

  TrackerDeployment get(String name) {
    return client.resources(TrackerDeployment.class).inNamespace(NAMESPACE).withName(name).get();
  }

  static Optional<Condition> condition(TrackerDeployment resource, String type) {
    if (resource == null || resource.getStatus() == null || resource.getStatus().conditions() == null) {
      return Optional.empty();
    }
    return resource.getStatus().conditions().stream().filter(c -> c.type().equals(type)).findFirst();
  }

  static boolean is(TrackerDeployment resource, String type, String status) {
    return condition(resource, type).map(c -> c.status().equals(status)).orElse(false);
  }

  /** Waits until the resource satisfies the predicate; fails with its last status. */
  TrackerDeployment await(String name, Duration timeout, String what, Predicate<TrackerDeployment> done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    TrackerDeployment last = null;
    while (System.nanoTime() < deadline) {
      last = get(name);
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    assertThat(last).as("waited %s for %s; last status: %s", timeout, what, last == null ? "(gone)" : last.getStatus()).matches(r -> false);
    return last;
  }

  /** Waits until the resource is gone (its finalizer removed); fails with its last status. */
  void awaitGone(String name, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    TrackerDeployment last = get(name);
    while (last != null && System.nanoTime() < deadline) {
      Thread.sleep(250);
      last = get(name);
    }
    assertThat(last).as("waited %s for %s; last status: %s", timeout, what, last == null ? null : last.getStatus()).isNull();
  }

  List<Event> events() {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems();
  }

  List<String> eventReasons() {
    return events().stream().map(Event::getReason).toList();
  }

  @Override
  public void close() {
    if (runtime != null) {
      runtime.close();
    }
  }
}
