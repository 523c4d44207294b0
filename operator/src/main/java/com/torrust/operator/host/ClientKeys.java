package com.torrust.operator.host;

import java.io.IOException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/** The operator's own SSH key: its public half goes into a new server's authorized_keys. */
public final class ClientKeys {

  private ClientKeys() {}

  /**
   * Whether a private key is protected by a passphrase: an OpenSSH key whose cipher is not "none", or a
   * PEM key with "Proc-Type: 4,ENCRYPTED" or in PKCS#8's encrypted form.
   */
  public static boolean encrypted(String privateKey) {
    if (privateKey == null) {
      return false;
    }
    if (privateKey.contains("Proc-Type: 4,ENCRYPTED") || privateKey.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
      return true;
    }
    String begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    int start = privateKey.indexOf(begin);
    int end = privateKey.indexOf("-----END OPENSSH PRIVATE KEY-----");
    if (start < 0 || end < start) {
      return false;
    }
    try {
      byte[] blob = java.util.Base64.getMimeDecoder().decode(privateKey.substring(start + begin.length(), end));
      // "openssh-key-v1\0", then the cipher name as an SSH string
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(blob, 15, blob.length - 15);
      int length = b.getInt();
      if (length < 0 || length > 64 || length > b.remaining()) {
        return false;
      }
      byte[] cipher = new byte[length];
      b.get(cipher);
      return !new String(cipher, java.nio.charset.StandardCharsets.US_ASCII).equals("none");
    } catch (IllegalArgumentException | java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
      return false;
    }
  }

  /** "ssh-ed25519 AAAA..." of the private key's public half; the message never quotes the key. */
  public static String publicKeyLine(String privateKey) throws HostAccessException {
    try (SSHClient client = new SSHClient()) {
      KeyProvider keys = client.loadKeys(privateKey, null, null);
      return HostKeys.line(keys.getPublic());
    } catch (IOException | RuntimeException e) {
      throw new HostAccessException(HostAccessException.Reason.InvalidPrivateKey,
          "the SSH private key cannot be read (OpenSSH or PEM, without passphrase)", null);
    }
  }
}
