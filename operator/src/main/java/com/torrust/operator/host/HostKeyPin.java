package com.torrust.operator.host;

import java.security.PublicKey;
import java.util.Base64;

/**
 * What the host key must be, as the spec pins it: a public key line ("ssh-ed25519 AAAA... comment")
 * or a fingerprint ("SHA256:..."). Both are compared by fingerprint, so either form pins the same key.
 *
 * @param alternative a second accepted fingerprint, or null: only while the operator replaces a key it
 *     pinned with another it generated (both known to it), so an interrupted replacement never locks it out
 * @param keyType the key's type when pinned as a key line ("ecdsa-sha2-nistp256"), or null for a
 *     fingerprint: the connection then asks the host for that type of key, not the one it prefers
 */
public record HostKeyPin(String fingerprint, String alternative, String keyType) {

  public HostKeyPin(String fingerprint) {
    this(fingerprint, null, null);
  }

  public HostKeyPin(String fingerprint, String alternative) {
    this(fingerprint, alternative, null);
  }

  /** This pin, also accepting the given key line or fingerprint (null: this pin alone). */
  public HostKeyPin orAlso(String pinned) {
    return pinned == null ? this : new HostKeyPin(fingerprint, parse(pinned).fingerprint(), null);
  }

  /**
   * The host key algorithms to ask the host for first, for this pin's key type; empty when the type is
   * unknown (a fingerprint) or when two keys are accepted (they may differ in type).
   */
  public java.util.List<String> algorithms() {
    if (keyType == null || alternative != null) {
      return java.util.List.of();
    }
    return algorithmsFor(keyType);
  }

  /** The SSH host key algorithms that sign with a key of this type (RSA keys sign with three). */
  public static java.util.List<String> algorithmsFor(String keyType) {
    return keyType.equals("ssh-rsa") ? java.util.List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa") : java.util.List.of(keyType);
  }

  /** Parses the spec's {@code host.hostKey}; admission has already checked its format. */
  public static HostKeyPin parse(String pinned) {
    String value = pinned.trim();
    if (value.startsWith("SHA256:")) {
      String fingerprint = value.endsWith("=") ? value.substring(0, value.length() - 1) : value;
      return new HostKeyPin(fingerprint);
    }
    String[] words = value.split(" ");
    if (words.length < 2) {
      throw new IllegalArgumentException("a pinned host key is 'TYPE BASE64 [comment]' or 'SHA256:...'");
    }
    return new HostKeyPin(HostKeys.fingerprintOf(Base64.getDecoder().decode(words[1])), null, words[0]);
  }

  public boolean matches(PublicKey key) {
    String seen = HostKeys.fingerprint(key);
    return fingerprint.equals(seen) || seen.equals(alternative);
  }
}
