package com.torrust.operator.drift;

/** The ways a host can differ from its plan. docs/drift.md says what each means and what to do. */
public enum DriftKind {
  /** A socket reachable from outside that the exposure table does not list. */
  UnexpectedPublicPort,
  /** A socket on a public address that the plan does not list, blocked only by UFW: one rule away from public. */
  UnexpectedListener,
  /** A port the plan publishes is not listening (or not on the planned kind of address). */
  ExpectedPortMissing,
  /** UFW is not installed or not active. */
  FirewallInactive,
  /** UFW's default policy is not deny incoming / allow outgoing. */
  FirewallDefaultPolicy,
  /** A planned UFW rule is missing. */
  FirewallRuleMissing,
  /** A UFW rule the plan does not have. */
  FirewallRuleUnexpected,
  /** A planned service has no running container. */
  ServiceNotRunning,
  /** A planned service's health check fails. */
  ServiceUnhealthy,
  /** A container in the deployment's compose project that the plan does not have. */
  ContainerUnexpected,
  /** A service runs another image than planned. */
  ImageMismatch,
  /** A planned file is missing or its content differs. */
  FileChanged,
  /** A planned file has another mode or owner. */
  FilePermissions,
  /** sshd accepts passwords. */
  SshPasswordAuthEnabled,
  /** Automatic security updates are on in the spec, but unattended-upgrades is not installed. */
  SecurityUpdatesOff,
  /** sshd lets root log in with a password. */
  SshRootLoginPermitted,
  /**
   * IPv6 clients would be recorded under the Docker bridge's address: the host has no IPv6, Docker's IPv6
   * NAT is off, or a network of the deployment lacks its IPv6 subnet (spec.host.ipv6).
   */
  Ipv6ClientAddressLost,
  /** A running container has other memory or CPU limits than its service's plan (spec.resources). */
  ResourceLimitsDiffer,
  /** A service runs another image under the same tag than the one recorded when it was deployed: the tag was moved (spec.images). */
  ImageChanged,
  /** A running image has vulnerabilities at or above the spec's threshold (spec.images.scan). */
  ImageVulnerable,
  /** Scans are on, but a running image has no result: not scanned yet, or the scan failed (spec.images.scan). */
  ImageNotScanned,
  /** Part of what the host answered could not be read: nothing is assumed about it, so it is reported. */
  ObservationIncomplete,
  /** Seen from outside: a planned public endpoint did not answer in its protocol (outside prober). */
  EndpointNotServing,
  /** Seen from outside: a port the plan keeps local, internal or closed accepted a connection (outside prober). */
  PortAnswersFromOutside,
  /** Seen from outside: a TLS endpoint's certificate chain is not valid for its domain (outside prober). */
  CertificateInvalid,
  /** Seen from outside: a TLS endpoint's certificate has less than a third of its lifetime left (outside prober). */
  CertificateExpiring
}
