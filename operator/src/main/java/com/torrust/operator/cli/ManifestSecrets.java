package com.torrust.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.torrust.operator.plan.SecretLookup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Secret values for the command line: Secret documents of the manifest (stringData, or base64 data),
 * then files laid out like a mounted Secret volume, DIR/SECRET-NAME/KEY.
 */
final class ManifestSecrets implements SecretLookup {

  private final Map<String, Map<String, String>> fromManifest = new HashMap<>();
  private final Path directory;

  ManifestSecrets(List<JsonNode> documents, Path directory) {
    this.directory = directory;
    for (JsonNode document : documents) {
      if (!"Secret".equals(document.path("kind").asText())) {
        continue;
      }
      Map<String, String> values = fromManifest.computeIfAbsent(document.path("metadata").path("name").asText(), k -> new HashMap<>());
      document.path("data").properties().forEach(
          e -> values.put(e.getKey(), new String(Base64.getMimeDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
      // stringData wins over data, as the API server merges them.
      document.path("stringData").properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
    }
  }

  @Override
  public Optional<String> value(String secretName, String key) {
    String value = fromManifest.getOrDefault(secretName, Map.of()).get(key);
    if (value != null) {
      return Optional.of(value);
    }
    if (directory != null) {
      Path file = directory.resolve(secretName).resolve(key).normalize();
      if (file.startsWith(directory) && Files.isRegularFile(file)) {
        try {
          return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new IllegalStateException("cannot read the secret file " + file + ": " + e.getMessage(), e);
        }
      }
    }
    return Optional.empty();
  }
}
