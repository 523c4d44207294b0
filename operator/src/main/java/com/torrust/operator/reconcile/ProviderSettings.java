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
 *     in the API's list before another create is made
 */
public record ProviderSettings(URI hetznerApi, Duration bootTimeout, Duration bootRecheck, Duration createGrace) {

  public static final ProviderSettings DEFAULTS = new ProviderSettings(
      URI.create("https://api.hetzner.cloud/v1/"), Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(30));
}
