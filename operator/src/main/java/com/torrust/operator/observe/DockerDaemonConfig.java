package com.torrust.operator.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker engine's /etc/docker/daemon.json as the host has it, and what it lacks for Docker's IPv6
 * NAT: published ports forwarded to the container's IPv6 address (the client's address kept) instead
 * of through docker-proxy (which hands the container the bridge's address). Engines before 27.0 need
 * {@code "ip6tables": true} and {@code "experimental": true}; from 27.0 ip6tables is on unless turned
 * off (moby/moby#47747, docker/docs#20026). Only these keys are ever changed: the rest of the file is
 * the host owner's.
 *
 * @param text the file as read; null when the file is absent (the engine's defaults apply)
 * @param json its settings; null when the file is absent
 */
public record DockerDaemonConfig(String text, ObjectNode json) {

  /** Bigger than any daemon.json a person writes; a bigger file is reported, never parsed. */
  public static final int MAX_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern MAJOR = Pattern.compile("^(\\d+)\\.");
  static final int IP6TABLES_BY_DEFAULT = 27;

  public static final DockerDaemonConfig ABSENT = new DockerDaemonConfig(null, null);

  /** Reads the file's text as dockerd does (one JSON object); throws with a reason when it is not one. */
  public static DockerDaemonConfig parse(String text) {
    if (text.length() > MAX_BYTES) {
      throw new IllegalArgumentException("it is larger than " + MAX_BYTES / 1024 + " KiB");
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("it is not a JSON object");
      }
      return new DockerDaemonConfig(text, (ObjectNode) node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("it is not valid JSON (line " + e.getLocation().getLineNr() + ")");
    }
  }

  /** The settings to add or change for IPv6 NAT on this engine version, empty when it is on already. */
  public Map<String, Boolean> missingForIpv6Nat(String dockerVersion) {
    Map<String, Boolean> missing = new LinkedHashMap<>();
    boolean modern = major(dockerVersion) >= IP6TABLES_BY_DEFAULT;
    if (modern ? isFalse("ip6tables") : !isTrue("ip6tables")) {
      missing.put("ip6tables", true);
    }
    if (!modern && !isTrue("experimental")) {
      missing.put("experimental", true);
    }
    return missing;
  }

  /** The file's text with these settings set, every other setting kept. */
  public String with(Map<String, Boolean> settings) {
    ObjectNode next = json == null ? JSON.createObjectNode() : json.deepCopy();
    settings.forEach(next::put);
    try {
      return JSON.writeValueAsString(next) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean present() {
    return text != null;
  }

  private boolean isTrue(String key) {
    return json != null && json.path(key).isBoolean() && json.get(key).booleanValue();
  }

  private boolean isFalse(String key) {
    return json != null && json.path(key).isBoolean() && !json.get(key).booleanValue();
  }

  /** The engine's major version (20 for "20.10.24+dfsg1"); 0 when unknown, treated as an old engine. */
  static int major(String version) {
    if (version == null) {
      return 0;
    }
    Matcher m = MAJOR.matcher(version.trim());
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
