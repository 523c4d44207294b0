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
 * Kubernetes deletes it with the resource. A Secret of that name is used only when it is this
 * resource's own (the operator's label and a controller owner reference with this resource's uid):
 * anyone else's Secret of that name is refused, never adopted or edited.
 */
final class GeneratedSecret {

  /**
   * The host key pinned for a server the operator created (provider Hetzner), and the replacement key
   * while it is being installed: kept here, not in status, because whoever may patch status must not
   * be able to pin a key. Status shows them only.
   */
  static final String HOST_KEY = "host-key";
  static final String NEXT_HOST_KEY = "next-host-key";

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

  /** A Secret named like the generated one that is not this resource's own. */
  static final class NotOwned extends Exception {
    private static final long serialVersionUID = 1L;

    NotOwned(String name) {
      super("Secret " + name + " exists but was not made by the operator for this TrackerDeployment (it lacks the label "
          + MANAGED_BY + "=" + OPERATOR + " or a controller owner reference to this resource); it is left untouched."
          + " Delete or rename it so the operator can make its own.");
    }
  }

  /** Whether the Secret is the one the operator made for this deployment. */
  static boolean owned(Secret secret, TrackerDeployment deployment) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    return labels != null && OPERATOR.equals(labels.get(MANAGED_BY)) && secret.getMetadata().getOwnerReferences() != null
        && secret.getMetadata().getOwnerReferences().stream().anyMatch(o -> Boolean.TRUE.equals(o.getController())
            && deployment.getMetadata().getUid() != null && deployment.getMetadata().getUid().equals(o.getUid()));
  }

  /**
   * Makes sure every needed key exists, creating or completing the Secret; returns it as stored.
   *
   * @param cached the Secret as the operator's cache holds it (labelled Secrets only), if there
   */
  static Secret ensure(KubernetesClient client, TrackerDeployment deployment, Optional<Secret> cached) throws NotOwned {
    return ensure(client, deployment, cached, Map.of());
  }

  /**
   * @param shardLabels the resource's labels its shard selects on: the Secret carries them, so that the
   *     shard's cache (which holds only its own Secrets) holds it
   */
  static Secret ensure(KubernetesClient client, TrackerDeployment deployment, Optional<Secret> cached, Map<String, String> shardLabels)
      throws NotOwned {
    String namespace = deployment.getMetadata().getNamespace();
    String name = SecretResolver.generatedSecretName(deployment.getMetadata().getName());
    if (cached.isPresent() && !owned(cached.get(), deployment)) {
      throw new NotOwned(name);
    }
    List<String> missing = missingKeys(cached, neededKeys(deployment));
    boolean labelled = cached.isPresent() && cached.get().getMetadata().getLabels() != null
        && cached.get().getMetadata().getLabels().entrySet().containsAll(shardLabels.entrySet());
    if (missing.isEmpty() && labelled) {
      return cached.orElseThrow();
    }
    Map<String, String> values = new LinkedHashMap<>();
    missing.forEach(k -> values.put(k, encode(GeneratedValues.random())));
    var secrets = client.secrets().inNamespace(namespace).withName(name);
    Secret current = cached.isPresent() ? cached.get() : secrets.get();
    if (current == null) {
      Secret fresh = new SecretBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(MANAGED_BY, OPERATOR)
          .addToLabels(SecretAccess.USABLE_LABEL, "true")
          .addToLabels(shardLabels)
          // Usable by its own TrackerDeployment only: no other may name it and read its values.
          .addToAnnotations(SecretAccess.USABLE_BY, deployment.getMetadata().getName())
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
      current = secrets.get();
    }
    if (current == null) {
      throw new IllegalStateException("Secret " + name + " could be neither created nor read");
    }
    if (!owned(current, deployment)) {
      throw new NotOwned(name);
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
      // One made before Secrets needed the opt-in label gets it, so the cache holds it from now on.
      stored.getMetadata().getLabels().put(SecretAccess.USABLE_LABEL, "true");
      stored.getMetadata().getLabels().putAll(shardLabels);
      Map<String, String> annotations = new LinkedHashMap<>(
          stored.getMetadata().getAnnotations() == null ? Map.of() : stored.getMetadata().getAnnotations());
      annotations.put(SecretAccess.USABLE_BY, deployment.getMetadata().getName());
      stored.getMetadata().setAnnotations(annotations);
      return stored;
    });
  }

  /**
   * Sets keys whose values the operator itself replaces (the host key pins), removing those given as
   * null; returns the Secret as stored. Only on the resource's own Secret (ensured before).
   */
  static Secret put(KubernetesClient client, TrackerDeployment deployment, Map<String, String> values) {
    String name = SecretResolver.generatedSecretName(deployment.getMetadata().getName());
    return client.secrets().inNamespace(deployment.getMetadata().getNamespace()).withName(name).edit(stored -> {
      Map<String, String> data = new LinkedHashMap<>(stored.getData() == null ? Map.of() : stored.getData());
      values.forEach((k, v) -> {
        if (v == null) {
          data.remove(k);
        } else {
          data.put(k, encode(v));
        }
      });
      stored.setData(data);
      if (stored.getStringData() != null) {
        values.keySet().forEach(stored.getStringData()::remove);
      }
      return stored;
    });
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
