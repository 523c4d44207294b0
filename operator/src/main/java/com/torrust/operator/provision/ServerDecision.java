package com.torrust.operator.provision;

import com.torrust.operator.api.ServerStatus;
import com.torrust.operator.provision.hetzner.HetznerServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What to do when no server id is recorded, from the servers that carry the deployment's labels. The
 * rule that keeps one server per resource: never create while a server with the labels exists, and
 * after a create whose result is unknown, give the API time to show the server before creating again.
 */
public sealed interface ServerDecision {

  /** Exactly one server carries the labels: use it. */
  record Adopt(HetznerServer server) implements ServerDecision {}

  /** None does, and no create is pending (or the pending one surely failed): create one. */
  record Create() implements ServerDecision {}

  /** A create was requested a moment ago and its server is not listed yet: look again soon. */
  record WaitForCreate(Duration recheck) implements ServerDecision {}

  /** Several servers carry the labels: a person must choose; nothing is created or deleted. */
  record Ambiguous(List<Long> ids) implements ServerDecision {}

  /**
   * @param recorded the status's server record (null when none)
   * @param found the servers listed with the deployment's uid label
   * @param grace how long after a create request a missing server still counts as "maybe coming"
   */
  static ServerDecision decide(ServerStatus recorded, List<HetznerServer> found, Instant now, Duration grace) {
    if (found.size() == 1) {
      return new Adopt(found.get(0));
    }
    if (found.size() > 1) {
      return new Ambiguous(found.stream().map(HetznerServer::id).sorted(Comparator.naturalOrder()).toList());
    }
    if (recorded != null && recorded.createRequestedAt() != null) {
      Instant requested = Instant.parse(recorded.createRequestedAt());
      Duration since = Duration.between(requested, now);
      if (since.compareTo(grace) < 0) {
        Duration left = grace.minus(since);
        return new WaitForCreate(left.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : left);
      }
    }
    return new Create();
  }
}
