package com.torrust.operator.observe;

import java.util.List;

/** UFW as the host has it: whether it is active, its default policies and logging, its rules. */
public record FirewallState(boolean installed, boolean active, String incoming, String outgoing, String logging, List<ObservedRule> rules) {

  public FirewallState {
    rules = List.copyOf(rules);
  }
}
