package com.torrust.operator.converge;

/** The steps of a converge, in the order they run; each is one remote command. */
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
