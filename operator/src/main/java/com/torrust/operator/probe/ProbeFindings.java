package com.torrust.operator.probe;

import com.torrust.operator.api.Protocol;
import com.torrust.operator.drift.DriftKind;
import com.torrust.operator.drift.Finding;
import com.torrust.operator.drift.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Probe results judged (pure): what is a finding, and whether the deployment serves. */
public final class ProbeFindings {

  private ProbeFindings() {}

  public static List<Finding> of(List<ProbeResult> results, Instant now) {
    List<Finding> findings = new ArrayList<>();
    for (ProbeResult result : results) {
      ProbeTarget target = result.target();
      Protocol protocol = target.check() == ProbeTarget.Check.UdpTracker ? Protocol.UDP : Protocol.TCP;
      String where = target.describe() + " at " + result.address();
      if (!result.ok()) {
        if (target.check() == ProbeTarget.Check.MustNotAnswer) {
          findings.add(new Finding(DriftKind.PortAnswersFromOutside, Severity.Critical, target.port(), protocol, result.address(), target.role(),
              where + " answers from outside (" + result.detail() + "); the plan keeps it " + (target.role().equals("unplanned")
                  ? "closed" : "off the public network")));
        } else if (result.certificateError() != null) {
          findings.add(new Finding(DriftKind.CertificateInvalid, Severity.Critical, target.port(), protocol, result.address(), target.role(),
              where + ": the certificate is not valid for " + target.serverName() + " (" + result.certificateError() + ")"));
        } else {
          // The same endpoint answering at another address of the host (the other family): say so, it is the likely cause.
          String elsewhere = results.stream().filter(r -> r.target().equals(target) && r.ok()).map(ProbeResult::address).findFirst()
              .map(a -> " (it answers at " + a + ": the address families differ, e.g. a firewall rule or a listener for one only)").orElse("");
          findings.add(new Finding(DriftKind.EndpointNotServing, Severity.Warning, target.port(), protocol, result.address(), target.role(),
              where + " does not serve from outside: " + result.detail() + elsewhere));
        }
      }
      expiring(result, now).ifPresent(findings::add);
    }
    return findings;
  }

  /**
   * A certificate with less than a third of its lifetime left: Let's Encrypt renews at that point, so
   * a certificate past it was not renewed (90-day certificates warn 30 days ahead; shorter ones sooner).
   */
  static java.util.Optional<Finding> expiring(ProbeResult result, Instant now) {
    if (result.certificateNotAfter() == null || result.certificateNotBefore() == null) {
      return java.util.Optional.empty();
    }
    Duration lifetime = Duration.between(result.certificateNotBefore(), result.certificateNotAfter());
    Duration left = Duration.between(now, result.certificateNotAfter());
    if (left.compareTo(lifetime.dividedBy(3)) >= 0) {
      return java.util.Optional.empty();
    }
    ProbeTarget target = result.target();
    String when = left.isNegative() ? "expired " + days(left.negated()) + " ago" : "expires in " + days(left);
    return java.util.Optional.of(new Finding(DriftKind.CertificateExpiring, left.isNegative() ? Severity.Critical : Severity.Warning,
        target.port(), Protocol.TCP, result.address(), target.role(), "the certificate of " + target.serverName() + " " + when
            + " (" + result.certificateNotAfter() + ") and was not renewed at a third of its " + days(lifetime) + " lifetime"));
  }

  /** True when every planned endpoint answered (closed ports and certificates are judged as findings). */
  public static boolean serving(List<ProbeResult> results) {
    return results.stream().filter(r -> r.target().check() != ProbeTarget.Check.MustNotAnswer).allMatch(ProbeResult::ok);
  }

  private static String days(Duration duration) {
    long hours = duration.toHours();
    return hours >= 48 ? hours / 24 + " days" : hours + " h";
  }
}
