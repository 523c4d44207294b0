package com.torrust.operator.probe;

import com.torrust.operator.drift.Finding;
import java.time.Instant;
import java.util.List;

/**
 * One complete try of a deployment from outside.
 *
 * @param results every target at every address; empty while the first try is pending
 * @param at when the try ended, or null while the first try is pending
 */
public record ProbeReport(List<ProbeResult> results, Instant at) {

  /** No try has ended yet. */
  public static final ProbeReport PENDING = new ProbeReport(List.of(), null);

  public ProbeReport {
    results = List.copyOf(results);
  }

  public boolean pending() {
    return at == null;
  }

  public List<Finding> findings() {
    return pending() ? List.of() : ProbeFindings.of(results, at);
  }

  public boolean serving() {
    return !pending() && ProbeFindings.serving(results);
  }

  /**
   * What a change of which is worth a reconcile: each try's verdict and the findings (kind, place,
   * message without latencies); latencies alone never are.
   */
  public List<String> verdict() {
    List<String> out = new java.util.ArrayList<>();
    for (ProbeResult r : results) {
      out.add(r.target().describe() + "@" + r.address() + "=" + r.ok() + ";" + r.certificateNotAfter() + ";" + r.certificateError());
    }
    for (Finding f : findings()) {
      out.add(f.kind() + ":" + f.address() + ":" + f.port());
    }
    return out;
  }
}
