package com.torrust.operator.reconcile;

import java.net.URI;
import java.time.Duration;

/**
 * Cloud provider settings.
 *
 * @param hetznerApi base URL of the Hetzner Cloud API (another one only for tests or a proxy)
 * @param bootTimeout how long a new server may take to answer SSH and finish cloud-init
 * @param bootRecheck how often a booting server is looked at
 * @param createGrace how long after a create request whose answer was lost the server may still appear
 *     in the API's list before another create is made: counted from before the request, so it must
 *     outlast the request itself ({@link #REQUEST_TIMEOUT}) and then the list's lag
 */
public record ProviderSettings(URI hetznerApi, Duration bootTimeout, Duration bootRecheck, Duration createGrace) {

  /** How long one Hetzner Cloud API request may take before its answer counts as lost. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /**
   * 30 s of request and 60 s for the server to show in the list. With a grace equal to the request
   * timeout, a create that timed out was retried at once (a second server, or a 409 and a pin no
   * server holds).
   */
  public static final ProviderSettings DEFAULTS = new ProviderSettings(
      URI.create("https://api.hetzner.cloud/v1/"), Duration.ofMinutes(10), Duration.ofSeconds(10), REQUEST_TIMEOUT.plusSeconds(60));

  /** The timeout of each API request: the default, or less than the grace when a test shortens it. */
  public Duration requestTimeout() {
    return createGrace.compareTo(REQUEST_TIMEOUT) > 0 ? REQUEST_TIMEOUT : createGrace.dividedBy(2);
  }
}
