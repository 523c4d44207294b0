package com.torrust.operator.provision;

import com.torrust.operator.api.ServerStatus;
import java.time.Duration;

/** Where provisioning stands after one look: go on to the host, come back soon, or wait for a person. */
public sealed interface Progress {

  /** The server exists and has an address: SSH to it. */
  record Continue(ServerStatus server) implements Progress {}

  /**
   * Under way (creating, starting, booting, API busy): look again after {@code recheck}. Reason is a
   * CamelCase status reason; {@code server}, when not null, is what status should record meanwhile.
   */
  record Wait(String reason, String message, Duration recheck, ServerStatus server) implements Progress {
    public Wait(String reason, String message, Duration recheck) {
      this(reason, message, recheck, null);
    }
  }

  /** Cannot go on until something changes (a rejected create, duplicate servers): reported as Stalled. */
  record Stuck(String reason, String message) implements Progress {}
}
