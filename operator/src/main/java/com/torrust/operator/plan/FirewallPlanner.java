package com.torrust.operator.plan;

import com.torrust.operator.api.FirewallRule;
import com.torrust.operator.api.FirewallSpec;
import com.torrust.operator.api.TrackerDeploymentSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The UFW rules a host must have: default deny incoming and allow outgoing, SSH from the allowed
 * networks, every PUBLIC port explicitly (also for IPv6, where UFW does filter Docker's traffic), and
 * the extra rules. Nothing else.
 */
public final class FirewallPlanner {

  private static final String IPV4_ANY = "0.0.0.0/0";
  private static final String IPV6_ANY = "::/0";

  private FirewallPlanner() {}

  public static FirewallPlan plan(TrackerDeploymentSpec spec, List<ExposedPort> exposure) {
    FirewallSpec firewall = spec.firewall();
    List<PlannedRule> rules = new ArrayList<>();
    for (String source : sshSources(firewall.sshAllowFrom())) {
      rules.add(
          new PlannedRule(
              spec.host().sshPort(), com.torrust.operator.api.Protocol.TCP, source, PlannedRule.ANYWHERE, "torrust ssh",
              "ssh"));
    }
    for (ExposedPort port : exposure) {
      if (port.exposure() == Exposure.PUBLIC && !Services.SSHD.equals(port.service())) {
        String to = ExposedPort.ALL_ADDRESSES.equals(port.hostAddress()) ? PlannedRule.ANYWHERE : port.hostAddress();
        rules.add(
            new PlannedRule(
                port.hostPort(), port.protocol(), PlannedRule.ANYWHERE, to, "torrust " + port.role(), port.role()));
      }
    }
    for (FirewallRule extra : ExposureTable.nullToEmpty(firewall.extraRules())) {
      String from = extra.from() == null ? PlannedRule.ANYWHERE : extra.from();
      String comment = extra.comment() == null || extra.comment().isBlank() ? "torrust extra" : extra.comment();
      rules.add(new PlannedRule(extra.port(), extra.protocol(), from, PlannedRule.ANYWHERE, comment, "extra"));
    }
    return new FirewallPlan(FirewallAction.DENY, FirewallAction.ALLOW, firewall.logging(), dedupe(rules));
  }

  /** Both "anywhere" networks together are one UFW rule from any, which UFW applies to IPv4 and IPv6. */
  private static List<String> sshSources(List<String> allowFrom) {
    List<String> sources = new ArrayList<>(allowFrom);
    if (sources.contains(IPV4_ANY) && sources.contains(IPV6_ANY)) {
      sources.removeAll(List.of(IPV4_ANY, IPV6_ANY));
      sources.add(0, PlannedRule.ANYWHERE);
    }
    return sources.stream().distinct().toList();
  }

  /** The same port, protocol, source and destination twice is one UFW rule; keep the first reason. */
  private static List<PlannedRule> dedupe(List<PlannedRule> rules) {
    List<PlannedRule> out = new ArrayList<>();
    for (PlannedRule rule : rules) {
      boolean seen =
          out.stream()
              .anyMatch(
                  r -> r.port() == rule.port() && r.protocol() == rule.protocol() && r.from().equals(rule.from())
                      && r.to().equals(rule.to()));
      if (!seen) {
        out.add(rule);
      }
    }
    return List.copyOf(out);
  }
}
