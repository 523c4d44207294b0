package com.torrust.operator.reconcile;

import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.plan.GeneratedValues;
import com.torrust.operator.plan.SecretResolver;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment's own Secret, {@code <name>-generated}: values nobody gave (the API admin token, the
 * MySQL root password) and the key of status.lastAppliedHash. Each value is made up once and kept; a
 * value is never replaced, since the host already uses it. Owned by the TrackerDeployment, so
 * Kubernetes deletes it with the resource.
 */
final class GeneratedSecret {

  /** Key of the value status.lastAppliedHash is keyed with (see {@link AppliedHash}). */
  static final String STATUS_HASH_KEY = "status-hash-key";
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String OPERATOR = "tracker-operator";

  private GeneratedSecret() {}

  /** The keys the deployment needs in its generated Secret. */
  static List<String> neededKeys(TrackerDeployment deployment) {
    List<String> keys = new ArrayList<>(SecretResolver.generatedKeys(deployment.getSpec()));
    keys.add(STATUS_HASH_KEY);
    return keys;
  }

  /** The needed keys the existing Secret (if any) does not have yet. */
  static List<String> missingKeys(Optional<Secret> existing, List<String> needed) {
    return needed.stream().filter(k -> existing.flatMap(s -> ClusterSecrets.value(s, k)).isEmpty()).toList();
  }

  /** Makes sure every needed key exists, creating or completing the Secret; returns it as stored. */
  static Secret ensure(KubernetesClient client, TrackerDeployment deployment, Optional<Secret> cached) {
    List<String> missing = missingKeys(cached, neededKeys(deployment));
    if (missing.isEmpty()) {
      return cached.orElseThrow();
    }
    String namespace = deployment.getMetadata().getNamespace();
    String name = SecretResolver.generatedSecretName(deployment.getMetadata().getName());
    Map<String, String> values = new LinkedHashMap<>();
    missing.forEach(k -> values.put(k, encode(GeneratedValues.random())));
    var secrets = client.secrets().inNamespace(namespace).withName(name);
    Secret current = cached.isPresent() ? cached.get() : secrets.get();
    if (current == null) {
      Secret fresh = new SecretBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(MANAGED_BY, OPERATOR)
          .addToOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion(deployment.getApiVersion()).withKind(deployment.getKind())
              .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
              .withController(true).withBlockOwnerDeletion(false).build())
          .endMetadata()
          .withType("Opaque").withData(values).build();
      try {
        return client.secrets().inNamespace(namespace).resource(fresh).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // Created meanwhile (a stale cache): complete the stored one instead.
      }
    }
    // Add only what is missing, to the Secret as stored now: a value that exists is never replaced.
    return secrets.edit(stored -> {
      Map<String, String> data = new LinkedHashMap<>(stored.getData() == null ? Map.of() : stored.getData());
      values.forEach((k, v) -> {
        if (ClusterSecrets.value(stored, k).isEmpty()) {
          data.put(k, v);
        }
      });
      stored.setData(data);
      return stored;
    });
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
