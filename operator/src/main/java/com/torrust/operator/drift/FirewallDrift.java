package com.torrust.operator.drift;

import com.torrust.operator.observe.FirewallState;
import com.torrust.operator.observe.ObservedRule;
import com.torrust.operator.plan.FirewallPlan;
import com.torrust.operator.plan.PlannedRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** UFW on the host against the firewall plan. */
final class FirewallDrift {

  private FirewallDrift() {}

  static List<Finding> findings(FirewallPlan plan, FirewallState ufw) {
    List<Finding> out = new ArrayList<>();
    if (!ufw.installed()) {
      out.add(new Finding(DriftKind.FirewallInactive, Severity.Critical, null, null, null, "ufw",
          "UFW is not installed: nothing filters incoming traffic to host processes."));
      return out;
    }
    if (!ufw.active()) {
      out.add(new Finding(DriftKind.FirewallInactive, Severity.Critical, null, null, null, "ufw",
          "UFW is inactive: every listener on a public address is reachable."));
    }
    // An inactive UFW prints no policies; FirewallInactive already says everything is reachable.
    if (ufw.active() && !"deny".equals(ufw.incoming()) && !"reject".equals(ufw.incoming())) {
      out.add(new Finding(DriftKind.FirewallDefaultPolicy, Severity.Critical, null, null, null, "ufw",
          "UFW's default incoming policy is " + ufw.incoming() + ", not deny: every host listener is reachable."));
    }
    if (ufw.active() && ufw.outgoing() != null && !"allow".equals(ufw.outgoing())) {
      out.add(new Finding(DriftKind.FirewallDefaultPolicy, Severity.Warning, null, null, null, "ufw",
          "UFW's default outgoing policy is " + ufw.outgoing() + ", not allow: certificate renewal and updates may fail."));
    }
    Set<UfwTuple> expected = new LinkedHashSet<>();
    for (PlannedRule rule : plan.rules()) {
      expected.addAll(UfwTuple.of(rule));
    }
    Set<UfwTuple> present = new LinkedHashSet<>();
    for (ObservedRule rule : ufw.rules()) {
      UfwTuple tuple = UfwTuple.of(rule);
      if ("allow".equals(rule.action()) && "in".equals(rule.direction()) && expected.contains(tuple)) {
        present.add(tuple);
      } else {
        out.add(new Finding(DriftKind.FirewallRuleUnexpected, Severity.Warning, rule.port(), rule.protocol(), rule.to(), "ufw",
            "UFW rule '" + rule.action() + " " + describe(rule.protocol(), rule.port()) + " from " + rule.from() + " to " + rule.to()
                + "' is not in the plan" + (rule.comment() == null ? "" : " (comment: " + rule.comment() + ")") + "."));
      }
    }
    for (UfwTuple tuple : expected) {
      if (!present.contains(tuple)) {
        out.add(new Finding(DriftKind.FirewallRuleMissing, Severity.Warning, tuple.port(), tuple.protocol(), tuple.to(), "ufw",
            "UFW has no rule allowing " + describe(tuple.protocol(), tuple.port()) + " from " + tuple.from() + " to " + tuple.to() + "."));
      }
    }
    return out;
  }

  /** Whether UFW lets outside traffic reach a host (non-Docker) listener on this port. */
  static boolean lets(FirewallState ufw, com.torrust.operator.api.Protocol protocol, int port, boolean ipv6) {
    if (!ufw.installed() || !ufw.active() || !("deny".equals(ufw.incoming()) || "reject".equals(ufw.incoming()))) {
      return true;
    }
    return ufw.rules().stream().anyMatch(r -> "allow".equals(r.action()) && "in".equals(r.direction())
        && (r.protocol() == null || r.protocol() == protocol) && (r.port() == null || r.port() == port)
        && r.to().contains(":") == ipv6);
  }

  static String describe(com.torrust.operator.api.Protocol protocol, Integer port) {
    return (protocol == null ? "any protocol" : protocol.name()) + " " + (port == null ? "any port" : "port " + port);
  }
}
