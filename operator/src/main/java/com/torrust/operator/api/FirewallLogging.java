package com.torrust.operator.api;

/** UFW logging level ({@code ufw logging LEVEL}). */
public enum FirewallLogging {
  Off,
  Low,
  Medium,
  High,
  Full
}
