package com.torrust.operator.drift;

import com.torrust.operator.api.Protocol;
import com.torrust.operator.observe.ObservedRule;
import com.torrust.operator.plan.PlannedRule;
import java.util.ArrayList;
import java.util.List;

/**
 * An allow rule in the form UFW stores it: one per address family. A planned rule "from any to any"
 * is two tuples (IPv4 0.0.0.0/0 and IPv6 ::/0); a rule naming an IPv4 or IPv6 network is one.
 */
public record UfwTuple(Protocol protocol, int port, String to, String from) {

  private static final String V4_ANY = "0.0.0.0/0";
  private static final String V6_ANY = "::/0";

  public static List<UfwTuple> of(PlannedRule rule) {
    boolean anySource = PlannedRule.ANYWHERE.equals(rule.from());
    boolean anyDestination = PlannedRule.ANYWHERE.equals(rule.to());
    boolean v6 = (!anySource && rule.from().contains(":")) || (!anyDestination && rule.to().contains(":"));
    boolean v4 = (!anySource && !rule.from().contains(":")) || (!anyDestination && !rule.to().contains(":"));
    List<UfwTuple> tuples = new ArrayList<>();
    if (v4 || !v6) {
      tuples.add(new UfwTuple(rule.protocol(), rule.port(), anyDestination ? V4_ANY : normalize(rule.to()), anySource ? V4_ANY : normalize(rule.from())));
    }
    if (v6 || !v4) {
      tuples.add(new UfwTuple(rule.protocol(), rule.port(), anyDestination ? V6_ANY : normalize(rule.to()), anySource ? V6_ANY : normalize(rule.from())));
    }
    return tuples;
  }

  public static UfwTuple of(ObservedRule rule) {
    return new UfwTuple(rule.protocol(), rule.port() == null ? -1 : rule.port(), normalize(rule.to()), normalize(rule.from()));
  }

  /** UFW may keep a single address with or without /32 (/128); compare without. */
  static String normalize(String network) {
    if (network.endsWith("/32") && !network.contains(":")) {
      return network.substring(0, network.length() - 3);
    }
    if (network.endsWith("/128")) {
      return network.substring(0, network.length() - 4);
    }
    return network;
  }

  boolean fromAnywhere() {
    return from.equals(V4_ANY) || from.equals(V6_ANY);
  }
}
