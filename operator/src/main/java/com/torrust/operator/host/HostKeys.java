package com.torrust.operator.host;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/** SSH host keys in the two forms users pin them: the public key line and the SHA256 fingerprint. */
public final class HostKeys {

  private HostKeys() {}

  /** The key's wire-format blob, base64: the second word of an OpenSSH public key line. */
  public static String blob(PublicKey key) {
    return Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
  }

  /** The key as an OpenSSH public key line without comment: "ssh-ed25519 AAAA...". */
  public static String line(PublicKey key) {
    return KeyType.fromKey(key) + " " + blob(key);
  }

  /** The fingerprint OpenSSH prints: "SHA256:" and the unpadded base64 of the blob's SHA-256. */
  public static String fingerprint(PublicKey key) {
    return fingerprintOf(Base64.getDecoder().decode(blob(key)));
  }

  public static String fingerprintOf(byte[] blob) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
