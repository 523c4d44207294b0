package com.torrust.operator.drift;

import com.torrust.operator.api.DriftIgnoreRule;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.observe.OwnerMarker;
import com.torrust.operator.render.DesiredHostState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Desired state x observed state -> findings. Pure: the same inputs always give the same findings. */
public final class DriftEngine {

  private static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::kind)
          .thenComparing(f -> f.port() == null ? -1 : f.port())
          .thenComparing(f -> f.protocol() == null ? "" : f.protocol().name())
          .thenComparing(f -> f.address() == null ? "" : f.address())
          .thenComparing(f -> f.source() == null ? "" : f.source());

  /** Problems reported one by one; the rest are counted in one more finding. */
  static final int MAX_PROBLEM_FINDINGS = 20;

  private DriftEngine() {}

  public static List<Finding> findings(DesiredHostState desired, Observation observed, List<DriftIgnoreRule> ignore) {
    List<Finding> all = new ArrayList<>();
    all.addAll(FirewallDrift.findings(desired.plan().firewall(), observed.firewall()));
    all.addAll(ExposureDrift.findings(desired.plan().exposure(), observed));
    all.addAll(ServiceDrift.findings(desired.plan(), observed.containers()));
    all.addAll(FileDrift.findings(desired.files(), observed.files()));
    all.addAll(FileDrift.directoryFindings(desired.plan().directories(), observed.files()));
    all.addAll(SshdDrift.findings(observed.sshd()));
    all.addAll(Ipv6Drift.findings(desired.plan(), observed));
    all.addAll(ResourceDrift.findings(desired.plan(), observed));
    all.addAll(ImageDrift.findings(desired.plan(), observed));
    if (desired.plan().securityUpdates() && observed.installedPackages() != null && !observed.installedPackages().contains("unattended-upgrades")) {
      all.add(new Finding(DriftKind.SecurityUpdatesOff, Severity.Warning, null, null, null, "unattended-upgrades",
          "Automatic security updates are on in the spec, but unattended-upgrades is not installed; apply installs it."));
    }
    // What could not be read is a finding, never silence: an unreadable published port may be a public one.
    List<String> problems = observed.problems();
    for (String problem : problems.subList(0, Math.min(problems.size(), MAX_PROBLEM_FINDINGS))) {
      all.add(new Finding(DriftKind.ObservationIncomplete, problem.startsWith("unreadable published port") ? Severity.Critical : Severity.Warning,
          null, null, null, "observation", "Part of the host could not be read, so nothing is assumed about it: " + problem + "."));
    }
    markerFinding(observed.ownerMarker()).ifPresent(all::add);
    if (problems.size() > MAX_PROBLEM_FINDINGS) {
      all.add(new Finding(DriftKind.ObservationIncomplete, Severity.Warning, null, null, null, "observation",
          (problems.size() - MAX_PROBLEM_FINDINGS) + " more parts of the host could not be read."));
    }
    List<DriftIgnoreRule> ignored = ignore == null ? List.of() : ignore;
    return all.stream().filter(f -> !ignored(f, ignored)).sorted(ORDER).toList();
  }

  /**
   * The owner marker's look (null: its section failed, already a problem above), read as the claim reads
   * it ({@link OwnerMarker}): a link, a folder or anything not understood is a finding: a converge refuses
   * such a host (HostClaimed), and a look without a converge says so too. The host's words never reach the message.
   */
  static java.util.Optional<Finding> markerFinding(String marker) {
    if (marker == null || !(OwnerMarker.read(marker) instanceof OwnerMarker.Unreadable unreadable)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Finding(DriftKind.ObservationIncomplete, Severity.Warning, null, null, null, "owner marker",
        "The host's owner marker cannot be read (" + unreadable.why() + "), so nothing is assumed about who owns the host;"
            + " a converge changes nothing on it until the marker is a plain file again."));
  }

  /** drift.ignore lets a port be open (and allowed by UFW) without being drift. */
  private static boolean ignored(Finding finding, List<DriftIgnoreRule> ignore) {
    boolean portKind = finding.kind() == DriftKind.UnexpectedPublicPort || finding.kind() == DriftKind.UnexpectedListener
        || finding.kind() == DriftKind.FirewallRuleUnexpected;
    return portKind && finding.port() != null
        && ignore.stream().anyMatch(r -> r.port().equals(finding.port()) && (finding.protocol() == null || r.protocol() == finding.protocol()));
  }
}
