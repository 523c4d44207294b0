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
  /**
   * Passwords that MySQL and Grafana apply only to a new database, changed in the running services
   * before any file carries the new value; a failure stops the converge with the old ones in force.
   */
  Credentials,
  /** Directories, then files written atomically, then modes and owners. */
  Files,
  /** docker compose up -d --remove-orphans, and restarts of services whose files changed. */
  Services
}
