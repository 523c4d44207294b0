package com.torrust.operator.provision;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 SSH host key the operator generates for a server it creates: the public line is pinned
 * before the server exists, the private key goes only into that server's cloud-init user data. No
 * trust on first use. {@link #toString()} never shows the private key.
 *
 * @param publicKeyLine "ssh-ed25519 AAAA..."
 * @param privateKey the private key in OpenSSH's format ("-----BEGIN OPENSSH PRIVATE KEY-----")
 */
public record BirthKey(String publicKeyLine, String privateKey) {

  private static final String TYPE = "ssh-ed25519";
  private static final SecureRandom RANDOM = new SecureRandom();

  public static BirthKey generate() {
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every Java 15+ runtime", e);
    }
    // X.509 and PKCS#8 encodings of Ed25519 end with the raw 32-byte public key and seed.
    byte[] x509 = pair.getPublic().getEncoded();
    byte[] pkcs8 = pair.getPrivate().getEncoded();
    byte[] publicKey = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
    return of(seed, publicKey);
  }

  /** The key with this seed and public key, as OpenSSH writes it (unencrypted openssh-key-v1). */
  static BirthKey of(byte[] seed, byte[] publicKey) {
    byte[] blob = new Wire().string(TYPE).bytes(publicKey).toByteArray();
    int check = RANDOM.nextInt();
    byte[] secret = new byte[64];
    System.arraycopy(seed, 0, secret, 0, 32);
    System.arraycopy(publicKey, 0, secret, 32, 32);
    Wire section = new Wire().uint32(check).uint32(check).string(TYPE).bytes(publicKey).bytes(secret).string("");
    for (int pad = 1; section.size() % 8 != 0; pad++) {
      section.raw(new byte[] {(byte) pad});
    }
    byte[] file = new Wire().raw("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII)).string("none").string("none").string("")
        .uint32(1).bytes(blob).bytes(section.toByteArray()).toByteArray();
    String body = Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(file);
    return new BirthKey(TYPE + " " + Base64.getEncoder().encodeToString(blob),
        "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\n-----END OPENSSH PRIVATE KEY-----\n");
  }

  @Override
  public String toString() {
    return "BirthKey[" + publicKeyLine + "]";
  }

  /** SSH wire encoding (RFC 4251): uint32 big-endian, strings with a uint32 length. */
  private static final class Wire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Wire uint32(int value) {
      out.write(value >>> 24);
      out.write(value >>> 16);
      out.write(value >>> 8);
      out.write(value);
      return this;
    }

    Wire bytes(byte[] value) {
      uint32(value.length);
      return raw(value);
    }

    Wire string(String value) {
      return bytes(value.getBytes(StandardCharsets.US_ASCII));
    }

    Wire raw(byte[] value) {
      out.writeBytes(value);
      return this;
    }

    int size() {
      return out.size();
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
