package com.torrust.operator.plan;

import com.torrust.operator.api.FirewallLogging;
import java.util.List;

/** The UFW state the host must have: default policies, logging and exactly these allow rules. */
public record FirewallPlan(
    FirewallAction incoming, FirewallAction outgoing, FirewallLogging logging, List<PlannedRule> rules) {

  public FirewallPlan {
    rules = List.copyOf(rules);
  }
}
