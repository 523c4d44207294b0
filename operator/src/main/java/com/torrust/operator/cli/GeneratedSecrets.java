package com.torrust.operator.cli;

import com.torrust.operator.plan.GeneratedValues;
import com.torrust.operator.plan.SecretLookup;
import com.torrust.operator.plan.SecretResolver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For the command line only: values of the deployment's generated Secret that the manifest does not
 * carry come from the state folder ({@link StateDir}, where an earlier {@code apply} kept them) or, when
 * the command may, are made up on the spot and listed (the operator keeps its own, once, in the cluster).
 */
final class GeneratedSecrets implements SecretLookup {

  private final SecretLookup given;
  private final String generatedSecretName;
  private final StateDir state;
  private final String host;
  private final boolean makeUp;
  private final Map<String, String> madeUp = new LinkedHashMap<>();

  /**
   * @param state where kept values are read (and, after {@link #keep}, written), or null
   * @param host the deployment's host address, which the kept values belong to
   * @param makeUp whether a value found nowhere may be made up
   */
  GeneratedSecrets(SecretLookup given, String deploymentName, StateDir state, String host, boolean makeUp) {
    this.given = given;
    this.generatedSecretName = SecretResolver.generatedSecretName(deploymentName);
    this.state = state;
    this.host = host;
    this.makeUp = makeUp;
  }

  @Override
  public Optional<String> value(String secretName, String key) {
    Optional<String> value = given.value(secretName, key);
    if (value.isPresent() || !secretName.equals(generatedSecretName)) {
      return value;
    }
    if (state != null && host != null) {
      Optional<String> kept = state.read(host, secretName, key);
      if (kept.isPresent()) {
        return kept;
      }
    }
    if (!makeUp) {
      return Optional.empty();
    }
    return Optional.of(madeUp.computeIfAbsent(key, k -> GeneratedValues.random()));
  }

  /** "Secret NAME key KEY" of each value made up. */
  List<String> generated() {
    return madeUp.keySet().stream().map(k -> "Secret " + generatedSecretName + " key " + k).toList();
  }

  /** Writes the values made up into the state folder; returns the folder, or null when nothing was made up. */
  java.nio.file.Path keep() throws java.io.IOException {
    if (madeUp.isEmpty() || state == null || host == null) {
      return null;
    }
    for (Map.Entry<String, String> value : madeUp.entrySet()) {
      state.write(host, generatedSecretName, value.getKey(), value.getValue());
    }
    return state.folder(host, generatedSecretName);
  }
}
