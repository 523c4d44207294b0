package com.torrust.operator.probe;

import java.time.Instant;

/**
 * What one target answered at one address.
 *
 * @param ok the target behaved as planned: an endpoint served, a closed port did not answer
 * @param detail what was seen, in a few words ("announce and scrape answered, interval 120 s",
 *     "connection refused", "no answer within 3000 ms")
 * @param latencyMillis time to the answer (or to giving up)
 * @param certificateNotBefore for TLS: the leaf certificate's validity start, else null
 * @param certificateNotAfter for TLS: the leaf certificate's expiry, else null
 * @param certificateError for TLS: why the chain was not accepted for the domain, else null
 */
public record ProbeResult(
    ProbeTarget target,
    String address,
    boolean ok,
    String detail,
    long latencyMillis,
    Instant certificateNotBefore,
    Instant certificateNotAfter,
    String certificateError) {

  static ProbeResult of(ProbeTarget target, String address, boolean ok, String detail, long latencyMillis) {
    return new ProbeResult(target, address, ok, Printable.of(detail), latencyMillis, null, null, null);
  }

  ProbeResult withCertificate(Instant notBefore, Instant notAfter, String error) {
    return new ProbeResult(target, address, ok, detail, latencyMillis, notBefore, notAfter, error == null ? null : Printable.of(error));
  }
}
