package com.torrust.operator.probe;

import com.torrust.operator.api.Endpoint;
import java.util.ArrayList;
import java.util.List;

/** The public endpoints with the outside prober's last result on each (pure). */
public final class ProbeEndpoints {

  private ProbeEndpoints() {}

  /**
   * Each endpoint gets the results of the targets that try it (same role, port and protocol, and for
   * TLS the domain in its URL): serving when every address answered; the detail of the first failure,
   * else of the first try. Endpoints no target tries, and every endpoint while the first try is
   * pending, stay as they are.
   */
  public static List<Endpoint> annotate(List<Endpoint> endpoints, ProbeReport report) {
    if (endpoints == null || report.pending()) {
      return endpoints;
    }
    List<Endpoint> out = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      List<ProbeResult> mine = report.results().stream().filter(r -> tries(r.target(), endpoint)).toList();
      if (mine.isEmpty()) {
        out.add(endpoint);
        continue;
      }
      ProbeResult shown = mine.stream().filter(r -> !r.ok()).findFirst().orElse(mine.get(0));
      boolean serving = mine.stream().allMatch(ProbeResult::ok);
      String detail = mine.size() == 1 ? shown.detail() : shown.address() + ": " + shown.detail();
      long slowest = mine.stream().mapToLong(ProbeResult::latencyMillis).max().orElse(0);
      out.add(endpoint.withProbe(serving, detail.length() > 256 ? detail.substring(0, 253) + "..." : detail,
          shown.certificateNotAfter() == null ? null : shown.certificateNotAfter().toString(), Endpoint.latencyClass(slowest)));
    }
    return List.copyOf(out);
  }

  static boolean tries(ProbeTarget target, Endpoint endpoint) {
    String protocol = target.check() == ProbeTarget.Check.UdpTracker || target.check() == ProbeTarget.Check.Http3 ? "UDP" : "TCP";
    return target.check() != ProbeTarget.Check.MustNotAnswer && target.role().equals(endpoint.service()) && endpoint.port() != null
        && endpoint.port() == target.port() && protocol.equals(endpoint.protocol())
        && (target.serverName() == null || (endpoint.url() != null && endpoint.url().contains("//" + target.serverName() + "/")));
  }
}
