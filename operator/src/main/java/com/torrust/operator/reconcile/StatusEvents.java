package com.torrust.operator.reconcile;

import com.torrust.operator.api.Condition;
import com.torrust.operator.api.ServerStatus;
import com.torrust.operator.api.DriftFinding;
import com.torrust.operator.api.TrackerDeploymentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Events a status change is worth: one per transition, never one per poll. A new drift finding is
 * a transition of its own (the message names it), so a second rogue port is not hidden behind the first.
 */
public final class StatusEvents {

  private StatusEvents() {}

  public static List<StatusEvent> between(TrackerDeploymentStatus before, TrackerDeploymentStatus after) {
    List<StatusEvent> events = new ArrayList<>();
    String stalledBefore = status(before, StatusCalculator.STALLED);
    Optional<Condition> stalled = condition(after, StatusCalculator.STALLED);
    if (stalled.isPresent() && !Condition.TRUE.equals(stalledBefore)) {
      events.add(StatusEvent.warning(stalled.get().reason(), stalled.get().message()));
    }
    Optional<Condition> reachable = condition(after, StatusCalculator.HOST_REACHABLE);
    String reachableBefore = status(before, StatusCalculator.HOST_REACHABLE);
    if (reachable.isPresent() && !reachable.get().status().equals(reachableBefore)) {
      Condition c = reachable.get();
      if (Condition.FALSE.equals(c.status()) && (stalled.isEmpty() || !c.reason().equals(stalled.get().reason()))) {
        events.add(StatusEvent.warning(c.reason(), c.message()));
      } else if (Condition.TRUE.equals(c.status()) && Condition.FALSE.equals(reachableBefore)) {
        events.add(StatusEvent.normal("HostReachable", c.message()));
      }
    }
    List<DriftFinding> newFindings = new ArrayList<>();
    for (DriftFinding f : after == null || after.drift() == null ? List.<DriftFinding>of() : after.drift()) {
      if (before == null || before.drift() == null || before.drift().stream().noneMatch(f::sameAs)) {
        newFindings.add(f);
      }
    }
    if (!newFindings.isEmpty()) {
      StringBuilder message = new StringBuilder();
      for (DriftFinding f : newFindings) {
        message.append(message.length() == 0 ? "" : "; ").append(f.kind()).append(": ").append(f.message());
      }
      events.add(StatusEvent.warning("DriftDetected", message.toString()));
    }
    if (Condition.TRUE.equals(status(before, StatusCalculator.DRIFTED)) && Condition.FALSE.equals(status(after, StatusCalculator.DRIFTED))) {
      events.add(StatusEvent.normal("DriftResolved", "The host matches the spec again."));
    }
    if (Condition.TRUE.equals(status(after, StatusCalculator.PAUSED)) && !Condition.TRUE.equals(status(before, StatusCalculator.PAUSED))) {
      events.add(StatusEvent.normal("Paused", condition(after, StatusCalculator.PAUSED).orElseThrow().message()));
    } else if (Condition.TRUE.equals(status(before, StatusCalculator.PAUSED)) && !Condition.TRUE.equals(status(after, StatusCalculator.PAUSED))) {
      events.add(StatusEvent.normal("Resumed", "The annotation " + Annotations.PAUSED + " is gone: the operator looks at the host again."));
    }
    Optional<Condition> serving = condition(after, StatusCalculator.SERVING);
    String servingBefore = status(before, StatusCalculator.SERVING);
    if (serving.isPresent() && Condition.FALSE.equals(serving.get().status()) && !Condition.FALSE.equals(servingBefore)) {
      events.add(StatusEvent.warning(Reasons.ENDPOINTS_NOT_SERVING, serving.get().message()));
    } else if (serving.isPresent() && Condition.TRUE.equals(serving.get().status()) && Condition.FALSE.equals(servingBefore)) {
      events.add(StatusEvent.normal(Reasons.ENDPOINTS_SERVING, serving.get().message()));
    }
    ServerStatus serverBefore = before == null ? null : before.server();
    ServerStatus serverAfter = after == null ? null : after.server();
    if (serverAfter != null && serverAfter.id() != null && (serverBefore == null || !serverAfter.id().equals(serverBefore.id()))) {
      events.add(StatusEvent.normal("ServerCreated", "Server " + serverAfter.id() + " (" + serverAfter.name() + ") in Hetzner Cloud: "
          + serverAfter.ipv4() + (serverAfter.ipv6() == null ? "" : ", " + serverAfter.ipv6()) + "; its SSH host key was pinned before it was"
          + " created."));
    }
    if (serverAfter != null && ServerStatus.READY.equals(serverAfter.phase()) && (serverBefore == null || !ServerStatus.READY.equals(serverBefore.phase()))) {
      events.add(StatusEvent.normal("ServerReady", "Server " + serverAfter.id() + " answered SSH with the pinned host key, cloud-init finished, and the birth host key"
          + " (carried by the user data) was replaced by a new one, pinned in status.host.hostKey."));
    }
    Optional<Condition> ready = condition(after, StatusCalculator.READY);
    String readyBefore = status(before, StatusCalculator.READY);
    if (ready.isPresent()) {
      Condition c = ready.get();
      if (Condition.TRUE.equals(c.status()) && !Condition.TRUE.equals(readyBefore)) {
        events.add(StatusEvent.normal("Converged", c.message()));
      } else if (Reasons.WARN_WHEN_READY_BECOMES.contains(c.reason()) && !c.reason().equals(reason(before, StatusCalculator.READY))) {
        events.add(StatusEvent.warning(c.reason(), c.message()));
      }
    }
    return events;
  }

  private static Optional<Condition> condition(TrackerDeploymentStatus status, String type) {
    if (status == null || status.conditions() == null) {
      return Optional.empty();
    }
    return status.conditions().stream().filter(c -> c.type().equals(type)).findFirst();
  }

  private static String status(TrackerDeploymentStatus status, String type) {
    return condition(status, type).map(Condition::status).orElse(null);
  }

  private static String reason(TrackerDeploymentStatus status, String type) {
    return condition(status, type).map(Condition::reason).orElse(null);
  }
}
