package com.torrust.operator.host;

import java.io.IOException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/** The operator's own SSH key: its public half goes into a new server's authorized_keys. */
public final class ClientKeys {

  private ClientKeys() {}

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
