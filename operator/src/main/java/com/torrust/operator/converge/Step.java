package com.torrust.operator.converge;

import java.time.Duration;

/**
 * The steps of a converge, each one remote command. They run in this order, except that the firewall
 * runs alongside files and services (see {@link Converger#apply}).
 */
public enum Step {
  /** apt-get install of what is missing: UFW, Docker, Compose, unattended-upgrades. */
  Packages(Duration.ofMinutes(20)),
  /** UFW: SSH rules first, then missing rules, defaults, logging, enable; unexpected rules deleted last. */
  Firewall(Duration.ofMinutes(5)),
  /**
   * Passwords that MySQL and Grafana apply only to a new database, changed in the running services
   * before any file carries the new value; a failure stops the converge with the old ones in force.
   */
  Credentials(Duration.ofMinutes(3)),
  /** Directories, then files written atomically, then modes and owners. */
  Files(Duration.ofMinutes(5)),
  /** docker compose up -d --remove-orphans, and restarts of services whose files changed. */
  Services(Duration.ofMinutes(15));

  private final Duration timeout;

  Step(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * How long the step's one remote command may run before its session is closed: long enough for
   * package installs and image pulls on a slow mirror, never forever.
   */
  public Duration timeout() {
    return timeout;
  }
}
