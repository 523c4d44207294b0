package com.torrust.operator.host;

import java.time.Duration;

/**
 * Where and how to reach a host. {@link #toString()} never shows the private key.
 *
 * @param pin the pinned host key, or null for a first contact (the key seen is reported, nothing is written)
 * @param owner who the connection is for (the operator: the resource's uid), or null; kept connections
 *     are never shared between owners, nor between private keys
 * @param passphrase the private key's passphrase, or null (never shown)
 * @param agent the socket of an SSH agent that holds the key, used instead of {@code privateKey}, or null
 */
public record SshTarget(
    String address, int port, String user, String privateKey, HostKeyPin pin, Duration connectTimeout, Duration commandTimeout,
    String owner, String passphrase, java.nio.file.Path agent) {

  public SshTarget(String address, int port, String user, String privateKey, HostKeyPin pin, Duration connectTimeout, Duration commandTimeout,
      String owner) {
    this(address, port, user, privateKey, pin, connectTimeout, commandTimeout, owner, null, null);
  }

  /** This target with the key's passphrase. */
  public SshTarget withPassphrase(String next) {
    return new SshTarget(address, port, user, privateKey, pin, connectTimeout, commandTimeout, owner, next, agent);
  }

  /** This target authenticating with the keys of the SSH agent at {@code socket} instead of a key file. */
  public SshTarget withAgent(java.nio.file.Path socket) {
    return new SshTarget(address, port, user, null, pin, connectTimeout, commandTimeout, owner, null, socket);
  }

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);

  public SshTarget(String address, int port, String user, String privateKey, HostKeyPin pin) {
    this(address, port, user, privateKey, pin, DEFAULT_CONNECT_TIMEOUT, DEFAULT_COMMAND_TIMEOUT, null);
  }

  public SshTarget(String address, int port, String user, String privateKey, HostKeyPin pin, Duration connectTimeout,
      Duration commandTimeout) {
    this(address, port, user, privateKey, pin, connectTimeout, commandTimeout, null);
  }

  /**
   * The deadline for the whole SSH handshake (TCP connection, banner, key exchange, authentication):
   * twice the connect timeout. A real host needs well under a second; a tarpit never finishes.
   */
  public Duration handshakeTimeout() {
    return connectTimeout.multipliedBy(2);
  }

  /** This target, for the given owner. */
  public SshTarget withOwner(String newOwner) {
    return new SshTarget(address, port, user, privateKey, pin, connectTimeout, commandTimeout, newOwner, passphrase, agent);
  }

  @Override
  public String toString() {
    return user + "@" + address + ":" + port + (pin == null ? " (host key not pinned)" : " (host key " + pin.fingerprint() + ")");
  }
}
