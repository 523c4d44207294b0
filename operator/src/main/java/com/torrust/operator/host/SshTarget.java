package com.torrust.operator.host;

import java.time.Duration;

/**
 * Where and how to reach a host. {@link #toString()} never shows the private key.
 *
 * @param pin the pinned host key, or null for trust on first use (the key seen is then reported)
 */
public record SshTarget(
    String address, int port, String user, String privateKey, HostKeyPin pin, Duration connectTimeout, Duration commandTimeout) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);

  public SshTarget(String address, int port, String user, String privateKey, HostKeyPin pin) {
    this(address, port, user, privateKey, pin, DEFAULT_CONNECT_TIMEOUT, DEFAULT_COMMAND_TIMEOUT);
  }

  @Override
  public String toString() {
    return user + "@" + address + ":" + port + (pin == null ? " (host key not pinned)" : " (host key " + pin.fingerprint() + ")");
  }
}
