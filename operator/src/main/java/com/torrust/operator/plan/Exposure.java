package com.torrust.operator.plan;

/** How far a port reaches, decided by its binding on the host (Docker-published ports bypass UFW). */
public enum Exposure {
  /** Bound on 0.0.0.0 and [::] (or a specific public address): reachable from the internet. */
  PUBLIC,
  /** Bound on 127.0.0.1 only: reachable from the host itself, e.g. through an SSH tunnel. */
  LOCALHOST,
  /** No host binding: reachable only from containers on the same Docker network. */
  INTERNAL
}
