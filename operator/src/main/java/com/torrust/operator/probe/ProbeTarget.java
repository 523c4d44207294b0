package com.torrust.operator.probe;

/**
 * One thing to try from outside against the deployment's host.
 *
 * @param check what is tried and what counts as an answer
 * @param port the host port
 * @param serverName the domain for TLS (SNI, certificate, Host header), or null for plain traffic
 * @param role the exposure table's role ("udp-tracker", "mysql", ...), or "unplanned" for a port the
 *     plan does not have
 */
public record ProbeTarget(Check check, int port, String serverName, String role) {

  /** What is tried. */
  public enum Check {
    /** BEP 15 connect, announce and scrape: must answer. */
    UdpTracker,
    /** BEP 3 announce and BEP 48 scrape over HTTP(S): must answer with bencode. */
    HttpTracker,
    /** The tracker API's GET /api/health_check (no token): must answer {"status":"Ok"}. */
    HttpApi,
    /** Grafana's GET /api/health: must answer 200. */
    Grafana,
    /** HTTP/3 (QUIC) on a UDP port: must answer a QUIC version negotiation (see QuicProbe). */
    Http3,
    /** A TCP port that must not accept a connection from outside. */
    MustNotAnswer
  }

  /** "udp-tracker 6969/udp", "http-tracker 443 (tracker.example.com)": how findings and output name it. */
  public String describe() {
    String protocol = check == Check.UdpTracker || check == Check.Http3 ? "/udp" : "/tcp";
    return role + " " + port + protocol + (serverName == null ? "" : " (" + serverName + ")");
  }
}
