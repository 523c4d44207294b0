package com.torrust.operator.plan;

/** Default policy of a UFW chain. */
public enum FirewallAction {
  ALLOW,
  DENY
}
