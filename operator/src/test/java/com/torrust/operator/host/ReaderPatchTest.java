package com.torrust.operator.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.Reader;
import org.junit.jupiter.api.Test;

/**
 * The SSHJ transport reader and transport in use are ours (a small receive buffer; a reader that may
 * run on a virtual thread), and they were written for this SSHJ.
 */
class ReaderPatchTest {

  @Test
  void theReaderLoadedIsOursNotSshjs() throws Exception {
    Path reader = Path.of(Reader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path sshj = Path.of(SSHClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    assertThat(reader).isNotEqualTo(sshj);
    assertThat(reader.toString()).endsWith("classes");
    Path transport = Path.of(net.schmizz.sshj.transport.TransportImpl.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(transport).as("TransportImpl asks our reader whether it runs").isEqualTo(reader);
  }

  @Test
  void sshjIsTheVersionOurReaderWasWrittenFrom() throws Exception {
    Path sshj = Path.of(SSHClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    // On an SSHJ upgrade: compare operator/src/main/java/net/schmizz/sshj/transport/Reader.java and
    // TransportImpl.java with the new upstream ones (and whether upstream now sizes its buffer by need, or
    // lets its reader run elsewhere: then delete ours), copy the new TransportImpl again, then update this.
    assertThat(sshj.getFileName().toString()).isEqualTo("sshj-0.40.0.jar");
  }
}
