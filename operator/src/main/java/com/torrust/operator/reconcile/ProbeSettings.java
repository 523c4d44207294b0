package com.torrust.operator.reconcile;

import com.torrust.operator.host.AddressPolicy;
import java.time.Duration;

/**
 * The operator's outside prober.
 *
 * @param enabled off: no resource is probed, whatever its spec says (run --probe=false)
 * @param timeout how long one try waits for an answer
 * @param concurrentResources resources tried at a time
 * @param connections tries (connections, datagrams) in flight at a time, across every resource
 * @param addresses the addresses the operator may reach (the same policy as for SSH)
 */
public record ProbeSettings(boolean enabled, Duration timeout, int concurrentResources, int connections, AddressPolicy addresses) {

  /** What `run` starts with (its --probe flags change it). */
  public static final ProbeSettings DEFAULTS = new ProbeSettings(true, Duration.ofSeconds(3), 32, 32, AddressPolicy.DEFAULT);

  /** No prober: for settings built in code (tests whose stand-ins do not speak the tracker protocols); `run` turns it on. */
  public static final ProbeSettings OFF = DEFAULTS.withEnabled(false);

  public ProbeSettings withAddresses(AddressPolicy next) {
    return new ProbeSettings(enabled, timeout, concurrentResources, connections, next);
  }

  public ProbeSettings withEnabled(boolean next) {
    return new ProbeSettings(next, timeout, concurrentResources, connections, addresses);
  }
}
