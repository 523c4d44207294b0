package com.torrust.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.host.HostKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BirthKeyTest {

  @Test
  void openSshReadsTheGeneratedPrivateKeyAndDerivesThePinnedPublicKey(@TempDir Path dir) throws Exception {
    BirthKey key = BirthKey.generate();
    Path file = dir.resolve("ssh_host_ed25519_key");
    Files.writeString(file, key.privateKey());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    // The real OpenSSH: ssh-keygen -y prints the public key of a private key file it can parse.
    Process process = new ProcessBuilder("ssh-keygen", "-y", "-f", file.toString()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes()).strip();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(out).isZero();
    assertThat(out).isEqualTo(key.publicKeyLine());
  }

  @Test
  void sshjReadsItTooAndEveryKeyIsNew() throws Exception {
    BirthKey key = BirthKey.generate();
    try (SSHClient client = new SSHClient()) {
      assertThat(HostKeys.line(client.loadKeys(key.privateKey(), null, null).getPublic())).isEqualTo(key.publicKeyLine());
    }
    assertThat(BirthKey.generate().publicKeyLine()).isNotEqualTo(key.publicKeyLine());
  }

  @Test
  void toStringNeverShowsThePrivateKey() {
    BirthKey key = BirthKey.generate();
    assertThat(key.toString()).contains(key.publicKeyLine()).doesNotContain("PRIVATE");
  }
}
