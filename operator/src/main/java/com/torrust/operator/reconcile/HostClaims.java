package com.torrust.operator.reconcile;

import com.torrust.operator.api.TrackerDeployment;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One host, one resource, decided in the cluster before any host is contacted: of the
 * TrackerDeployments that name the same host address, the oldest (creation time, then uid) claims it
 * and every later one is refused with HostClaimed. The host's own marker
 * ({@link com.torrust.operator.converge.HostClaim}) is the second line, for resources this operator
 * cannot see (another cluster, another shard).
 */
final class HostClaims {

  private HostClaims() {}

  /** The host address the resource names, normalised; empty for a server the operator creates (unique per resource). */
  static Optional<String> addressOf(TrackerDeployment deployment) {
    if (deployment.getSpec() == null || deployment.getSpec().host() == null || deployment.getSpec().host().address() == null) {
      return Optional.empty();
    }
    String address = deployment.getSpec().host().address().strip().toLowerCase(Locale.ROOT);
    if (address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1);
    }
    return address.isEmpty() ? Optional.empty() : Optional.of(address.endsWith(".") ? address.substring(0, address.length() - 1) : address);
  }

  /** The resource that claimed the same host before {@code me}, if any. Pure. */
  static Optional<TrackerDeployment> earlierClaim(TrackerDeployment me, List<TrackerDeployment> sameHost) {
    Comparator<TrackerDeployment> age = Comparator.comparing((TrackerDeployment d) -> Objects.toString(d.getMetadata().getCreationTimestamp(), ""))
        .thenComparing(d -> Objects.toString(d.getMetadata().getUid(), ""));
    return sameHost.stream().filter(d -> !Objects.equals(d.getMetadata().getUid(), me.getMetadata().getUid()))
        .filter(d -> age.compare(d, me) < 0).min(age);
  }

  /** The refusal: names the other resource only when it is in the same namespace (another tenant's names stay theirs). */
  static Outcome claimedInCluster(TrackerDeployment me, TrackerDeployment other) {
    boolean sameNamespace = Objects.equals(me.getMetadata().getNamespace(), other.getMetadata().getNamespace());
    String by = sameNamespace ? "TrackerDeployment " + other.getMetadata().getName() + " of this namespace"
        : "a TrackerDeployment of another namespace";
    return new Outcome.HostProblem(HostVisit.HOST_CLAIMED, "Host " + me.getSpec().host().address() + " is already claimed by " + by
        + ", created earlier; nothing was sent to it. A host is converged by one resource only.", true);
  }
}
