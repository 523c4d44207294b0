package com.torrust.operator.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.Reader;
import org.junit.jupiter.api.Test;

/** The SSHJ transport reader in use is ours (a small receive buffer), and it was written for this SSHJ. */
class ReaderPatchTest {

  @Test
  void theReaderLoadedIsOursNotSshjs() throws Exception {
    Path reader = Path.of(Reader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path sshj = Path.of(SSHClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    assertThat(reader).isNotEqualTo(sshj);
    assertThat(reader.toString()).endsWith("classes");
  }

  @Test
  void sshjIsTheVersionOurReaderWasWrittenFrom() throws Exception {
    Path sshj = Path.of(SSHClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    // On an SSHJ upgrade: compare operator/src/main/java/net/schmizz/sshj/transport/Reader.java with the
    // new upstream Reader (and whether upstream now sizes its buffer by need: then delete ours), then update this.
    assertThat(sshj.getFileName().toString()).isEqualTo("sshj-0.40.0.jar");
  }
}
