package com.torrust.operator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Kubernetes manifests as users write them: one or more YAML documents in a file, or on standard input. */
final class Manifests {

  /** A key given twice is refused, as the API server refuses it (strict decoding): which one would win is a guess. */
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private Manifests() {}

  /** A manifest file that cannot be read or parsed; the message says where and why. */
  static final class UnreadableManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableManifestException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Reads every non-empty document of {@code file} ("-" for standard input); a {@code kind: List}
   * document (what {@code kubectl get -o yaml} writes) stands for its items.
   */
  static List<JsonNode> read(String file, InputStream stdin) throws UnreadableManifestException {
    try (InputStream in = "-".equals(file) ? stdin : Files.newInputStream(Path.of(file));
        MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(in)) {
      List<JsonNode> out = new ArrayList<>();
      while (documents.hasNextValue()) {
        JsonNode document = documents.nextValue();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          if ("List".equals(document.path("kind").asText()) && document.path("items").isArray()) {
            document.path("items").forEach(out::add);
          } else {
            out.add(document);
          }
        }
      }
      return out;
    } catch (NoSuchFileException e) {
      throw new UnreadableManifestException(file + ": no such file", e);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new UnreadableManifestException(file + ": not valid YAML" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UnreadableManifestException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  static String describe(JsonNode document) {
    return document.path("kind").asText("document") + " " + document.path("metadata").path("name").asText("(unnamed)");
  }
}
