package com.torrust.operator.reconcile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resources one operator process handles: a Kubernetes label selector (Flux's sharding convention,
 * e.g. {@code sharding.fluxcd.io/key=shard1}), checked here with the API server's syntax so that a typo
 * stops the process at start rather than making it watch nothing. {@link #ALL} when there is no selector.
 *
 * @param selector the selector as given (normalised), or null for all resources
 * @param keys the label keys it names: the operator copies them from a resource onto the Secret it
 *     generates for it, so that the Secret falls in the same shard
 */
public record Shard(String selector, Set<String> keys) {

  public static final Shard ALL = new Shard(null, Set.of());

  private static final String NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
  private static final String KEY = "(([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*/)?" + NAME;
  private static final String VALUE = "(" + NAME + ")?";
  private static final Pattern EXISTS = Pattern.compile("^(?<not>!?)\\s*(?<key>" + KEY + ")$");
  private static final Pattern EQUALS = Pattern.compile("^(?<key>" + KEY + ")\\s*(?<op>==|=|!=)\\s*(?<value>" + VALUE + ")$");
  private static final Pattern SET = Pattern.compile("^(?<key>" + KEY + ")\\s+(?<op>in|notin)\\s+\\((?<values>[^()]*)\\)$");

  public Shard {
    keys = Set.copyOf(keys);
  }

  /** Parses a selector; throws IllegalArgumentException naming the requirement that is not one. */
  public static Shard parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    Set<String> keys = new LinkedHashSet<>();
    List<String> normalised = new ArrayList<>();
    for (String requirement : split(text)) {
      String r = requirement.strip();
      Matcher exists = EXISTS.matcher(r);
      Matcher equals = EQUALS.matcher(r);
      Matcher set = SET.matcher(r);
      if (exists.matches()) {
        keys.add(exists.group("key"));
        normalised.add(exists.group("not") + exists.group("key"));
      } else if (equals.matches()) {
        keys.add(equals.group("key"));
        normalised.add(equals.group("key") + equals.group("op") + equals.group("value"));
      } else if (set.matches()) {
        List<String> values = new ArrayList<>();
        for (String v : set.group("values").split(",")) {
          if (!v.strip().matches(VALUE)) {
            throw new IllegalArgumentException("label selector: \"" + v.strip() + "\" in \"" + r + "\" is not a label value");
          }
          values.add(v.strip());
        }
        keys.add(set.group("key"));
        normalised.add(set.group("key") + " " + set.group("op") + " (" + String.join(",", values) + ")");
      } else {
        throw new IllegalArgumentException("label selector: \"" + r + "\" is not a requirement (key, !key, key=value, key!=value,"
            + " key in (a,b), key notin (a,b))");
      }
    }
    return new Shard(String.join(",", normalised), keys);
  }

  /** Requirements are separated by commas outside parentheses. */
  private static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        out.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    out.add(current.toString());
    return out;
  }

  public boolean all() {
    return selector == null;
  }

  /** The selector of the Secrets this shard may read: opted in, and in this shard. */
  public String secretSelector(String usable) {
    return all() ? usable : usable + "," + selector;
  }

  /** The resource's labels that this shard selects on: what a Secret generated for it carries. */
  public Map<String, String> labelsOf(Map<String, String> resourceLabels) {
    Map<String, String> out = new LinkedHashMap<>();
    if (resourceLabels != null) {
      keys.forEach(k -> {
        if (resourceLabels.containsKey(k)) {
          out.put(k, resourceLabels.get(k));
        }
      });
    }
    return out;
  }

  /** A suffix for this shard's Lease name: replicas of one shard share a Lease, shards do not. */
  public String leaseSuffix() {
    if (all()) {
      return "";
    }
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(selector.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "-" + java.util.HexFormat.of().formatHex(hash, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
