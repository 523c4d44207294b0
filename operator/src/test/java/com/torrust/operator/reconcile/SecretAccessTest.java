package com.torrust.operator.reconcile;

import static com.torrust.operator.reconcile.OperatorHarness.NAMESPACE;
import static com.torrust.operator.reconcile.OperatorHarness.condition;
import static com.torrust.operator.reconcile.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.TrackerDeployment;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets are used only where their owner allowed it: the opt-in label, the usable-by annotation, the
 * generated Secret only when it is the resource's own, values only when they can be written. Each
 * refusal names the Secret and contacts no host. The host is a closed local port, so a reconcile that
 * gets past the Secrets ends in HostReachable=False at once.
 */
@EnableKubernetesMockClient(crud = true)
class SecretAccessTest {

  KubernetesClient client;
  OperatorHarness operator;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    operator = new OperatorHarness(client, OperatorHarness.QUICK);
    operator.newSshKeySecret(dir);
  }

  @AfterEach
  void stop() {
    operator.close();
  }

  /** Each resource its own closed address (127.0.0.N): one host is claimed by one resource only. */
  private static String deployment(String name, String tokenSecret) {
    int n = 1 + Math.floorMod(name.hashCode(), 200);
    return com.torrust.operator.Specs.MINIMAL.replace("address: 203.0.113.10", "address: 127.0.0." + n + "\n    sshPort: 1")
        .replace("  name: demo\n", "  name: " + name + "\n")
        .replace("    httpTrackers: [{port: 7070}]\n",
            "    httpTrackers: [{port: 7070}]\n    httpApi: {adminTokenSecretRef: {name: " + tokenSecret + ", key: token}}\n");
  }

  private void plainSecret(String name, Map<String, String> labels, Map<String, String> annotations, String token) {
    Secret secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).withLabels(labels)
        .withAnnotations(annotations).endMetadata().withStringData(Map.of("token", token)).build();
    client.secrets().inNamespace(NAMESPACE).resource(secret).createOr(s -> s.update());
  }

  private TrackerDeployment awaitReason(String name, String reason) throws InterruptedException {
    return operator.await(name, Duration.ofSeconds(20), "Ready=False " + reason,
        r -> condition(r, "Ready").map(c -> c.reason().equals(reason)).orElse(false));
  }

  @Test
  void aSecretWithoutTheOptInLabelIsRefusedByNameUntilItsOwnerLabelsIt() throws Exception {
    plainSecret("api-token", Map.of(), Map.of(), "token-value-1");
    operator.apply(deployment("demo", "api-token"));

    TrackerDeployment refused = awaitReason("demo", "SecretNotAllowed");
    assertThat(condition(refused, "Ready").orElseThrow().message())
        .contains("Secret api-token exists but is not marked", "kubectl label secret api-token tracker.torrust.com/usable=true")
        .doesNotContain("token-value-1");
    assertThat(condition(refused, "HostReachable")).as("no host was contacted").isEmpty();

    client.secrets().inNamespace(NAMESPACE).withName("api-token").edit(s -> {
      s.getMetadata().getLabels().put(SecretAccess.USABLE_LABEL, "true");
      return s;
    });
    operator.await("demo", Duration.ofSeconds(20), "the label started a reconcile that reached for the host", r -> is(r, "HostReachable", "False"));
  }

  @Test
  void theUsableByAnnotationNarrowsWhichDeploymentsMayUseASecret() throws Exception {
    plainSecret("api-token", Map.of(SecretAccess.USABLE_LABEL, "true"), Map.of(SecretAccess.USABLE_BY, "alpha, beta"), "token-value-2");
    operator.apply(deployment("beta", "api-token"));
    operator.apply(deployment("gamma", "api-token"));

    operator.await("beta", Duration.ofSeconds(20), "beta, named by the annotation, reaches for the host", r -> is(r, "HostReachable", "False"));
    TrackerDeployment refused = awaitReason("gamma", "SecretNotAllowed");
    assertThat(condition(refused, "Ready").orElseThrow().message()).contains("alpha, beta", "not by gamma");
  }

  @Test
  void anotherDeploymentCannotReadAGeneratedSecret() throws Exception {
    operator.apply(deployment("alpha", "tracker-ssh").replace("    httpApi: {adminTokenSecretRef: {name: tracker-ssh, key: token}}\n", ""));
    operator.await("alpha", Duration.ofSeconds(20), "alpha got its generated Secret", r -> is(r, "HostReachable", "False"));
    Secret generated = client.secrets().inNamespace(NAMESPACE).withName("alpha-generated").get();
    assertThat(generated.getMetadata().getLabels()).containsEntry(SecretAccess.USABLE_LABEL, "true");
    assertThat(generated.getMetadata().getAnnotations()).containsEntry(SecretAccess.USABLE_BY, "alpha");

    // Its keys are api-admin-token and status-hash-key; naming either from another resource is refused.
    operator.apply(deployment("mallory", "alpha-generated").replace("key: token", "key: api-admin-token"));
    TrackerDeployment refused = awaitReason("mallory", "SecretNotAllowed");
    assertThat(condition(refused, "Ready").orElseThrow().message()).contains("alpha-generated", "not by mallory");
  }

  @Test
  void aSecretNamedLikeTheGeneratedOneButNotItsOwnIsNeitherAdoptedNorEdited() throws Exception {
    Secret foreign = new SecretBuilder().withNewMetadata().withName("demo-generated").withNamespace(NAMESPACE)
        .addToLabels(SecretAccess.USABLE_LABEL, "true").addToLabels(GeneratedSecret.MANAGED_BY, GeneratedSecret.OPERATOR).endMetadata()
        .withStringData(Map.of("api-admin-token", "someone-elses-token")).build();
    client.secrets().inNamespace(NAMESPACE).resource(foreign).create();
    String before = client.secrets().inNamespace(NAMESPACE).withName("demo-generated").get().getMetadata().getResourceVersion();

    operator.apply(deployment("demo", "tracker-ssh").replace("    httpApi: {adminTokenSecretRef: {name: tracker-ssh, key: token}}\n", ""));

    TrackerDeployment refused = awaitReason("demo", "SecretNotOwned");
    assertThat(condition(refused, "Ready").orElseThrow().message()).contains("demo-generated", "left untouched");
    assertThat(condition(refused, "HostReachable")).as("no host was contacted").isEmpty();
    assertThat(client.secrets().inNamespace(NAMESPACE).withName("demo-generated").get().getMetadata().getResourceVersion())
        .as("not edited").isEqualTo(before);
  }

  @Test
  void aValueWithAControlCharacterIsRefusedWithoutShowingIt() throws Exception {
    plainSecret("api-token", Map.of(SecretAccess.USABLE_LABEL, "true"), Map.of(), "secret\u0000value\n");
    operator.apply(deployment("demo", "api-token"));

    TrackerDeployment refused = awaitReason("demo", "SecretValueInvalid");
    assertThat(condition(refused, "Ready").orElseThrow().message()).contains("api-token", "U+0000 at position 7").doesNotContain("secret");
    assertThat(condition(refused, "HostReachable")).as("no host was contacted").isEmpty();
  }
}
