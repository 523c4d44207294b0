package com.torrust.operator.api;

/** Where the host comes from. */
public enum ProviderType {
  /** A machine that already runs and is reachable over SSH; the operator never creates or deletes it. */
  Existing,
  /** A Hetzner Cloud server the operator creates (and, with deletionPolicy DestroyVm, deletes). */
  Hetzner
}
