package com.torrust.operator.converge;

/**
 * The steps of a converge, each one remote command. They run in this order, except that the firewall
 * runs alongside files and services (see {@link Converger#apply}).
 */
public enum Step {
  /** apt-get install of what is missing: UFW, Docker, Compose, unattended-upgrades. */
  Packages,
  /** UFW: SSH rules first, then missing rules, defaults, logging, enable; unexpected rules deleted last. */
  Firewall,
  /** Directories, then files written atomically, then modes and owners. */
  Files,
  /** docker compose up -d --remove-orphans, and restarts of services whose files changed. */
  Services
}
