package com.torrust.operator.provision;

import com.torrust.operator.api.TrackerDeployment;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a deployment's server is named and found again: the labels carry the resource's uid (a
 * resource deleted and created again under the same name gets a new server), the name is readable
 * and unique per project.
 */
public record ServerIdentity(String name, Map<String, String> labels) {

  public static final String UID_LABEL = TrackerDeployment.GROUP + "/uid";
  public static final String NAMESPACE_LABEL = TrackerDeployment.GROUP + "/namespace";
  public static final String NAME_LABEL = TrackerDeployment.GROUP + "/name";
  private static final int MAX_NAME = 63;
  private static final String LABEL_VALUE = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";

  /** @param userLabels the spec's labels (validated by the CRD; they never use the operator's prefix) */
  public static ServerIdentity of(String namespace, String name, String uid, Map<String, String> userLabels) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (userLabels != null) {
      labels.putAll(new java.util.TreeMap<>(userLabels));
    }
    labels.put(UID_LABEL, uid);
    putIfValid(labels, NAMESPACE_LABEL, namespace);
    putIfValid(labels, NAME_LABEL, name);
    String suffix = "-" + uid.replace("-", "").substring(0, Math.min(8, uid.replace("-", "").length())).toLowerCase(Locale.ROOT);
    String base = name.replace('.', '-');
    if (base.length() > MAX_NAME - suffix.length()) {
      base = base.substring(0, MAX_NAME - suffix.length()).replaceAll("-+$", "");
    }
    return new ServerIdentity(base + suffix, Map.copyOf(labels));
  }

  /** The selector that finds this deployment's server(s): its uid label. */
  public String selector() {
    return UID_LABEL + "=" + labels.get(UID_LABEL);
  }

  private static void putIfValid(Map<String, String> labels, String key, String value) {
    if (value != null && value.matches(LABEL_VALUE)) {
      labels.put(key, value);
    }
  }
}
