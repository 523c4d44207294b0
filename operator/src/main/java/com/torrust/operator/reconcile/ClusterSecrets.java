package com.torrust.operator.reconcile;

import com.torrust.operator.plan.SecretLookup;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Secret values from the Kubernetes Secrets of the deployment's namespace, as the operator's cache holds
 * them, and only those the deployment may use ({@link SecretAccess}). A Secret that is not in the cache
 * is read once by name: found but not marked is a refusal by name, not a "not found"; found and marked
 * (labelled a moment ago, before the cache saw it) is used.
 */
final class ClusterSecrets implements SecretLookup {

  private final String deployment;
  private final Function<String, Optional<Secret>> cached;
  private final Function<String, Optional<Secret>> stored;
  private final List<String> refusals = new ArrayList<>();

  /**
   * @param cached the operator's cache (labelled Secrets only), or any lookup the caller trusts as usable
   * @param stored a read by name from the API server, used only for Secrets the cache lacks
   */
  ClusterSecrets(String deployment, Function<String, Optional<Secret>> cached, Function<String, Optional<Secret>> stored) {
    this.deployment = deployment;
    this.cached = cached;
    this.stored = stored;
  }

  @Override
  public Optional<String> value(String secretName, String key) {
    Optional<Secret> secret = cached.apply(secretName);
    if (secret.isEmpty()) {
      // Not in the cache: not opted in (then say why), or opted in a moment ago (the cache lags): read it.
      secret = stored.apply(secretName);
      if (secret.isEmpty()) {
        return Optional.empty();
      }
    }
    String refusal = SecretAccess.refusal(secret.get(), deployment);
    if (refusal != null) {
      refuse(refusal);
      return Optional.empty();
    }
    return value(secret.get(), key);
  }

  private void refuse(String refusal) {
    if (!refusals.contains(refusal)) {
      refusals.add(refusal);
    }
  }

  /** Why Secrets that exist could not be used, one line each (empty when none was refused). */
  List<String> refusals() {
    return List.copyOf(refusals);
  }

  /** stringData first: a real API server folds it into data, a test server may not. */
  static Optional<String> value(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return Optional.of(secret.getStringData().get(key));
    }
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return Optional.of(new String(Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }
}
