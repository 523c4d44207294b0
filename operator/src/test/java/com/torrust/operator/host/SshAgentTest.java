package com.torrust.operator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an agent answers is bounded like any other input (the real ssh-agent is judged in cli/SshKeyOptionsTest). */
class SshAgentTest {

  @TempDir Path dir;

  /** An "agent" that answers every request with {@code answer}. */
  private Path agentAnswering(byte[] answer) throws Exception {
    Path socket = dir.resolve("agent-" + System.nanoTime() + ".sock");
    ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread thread = new Thread(() -> {
      try (server; SocketChannel client = server.accept()) {
        client.read(ByteBuffer.allocate(1024));
        client.write(ByteBuffer.wrap(answer));
      } catch (java.io.IOException e) {
        // the test sees what the client made of it
      }
    });
    thread.setDaemon(true);
    thread.start();
    return socket;
  }

  @Test
  void anOversizedOrInconsistentAnswerIsRefused() throws Exception {
    SshAgent huge = new SshAgent(agentAnswering(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array()));
    assertThatThrownBy(huge::identities).hasMessageContaining("sent an answer of 2147483647 bytes");

    SshAgent many = new SshAgent(agentAnswering(ByteBuffer.allocate(9).putInt(5).put((byte) 12).putInt(100_000).array()));
    assertThatThrownBy(many::identities).hasMessageContaining("holds 100000 keys");

    SshAgent cut = new SshAgent(agentAnswering(ByteBuffer.allocate(13).putInt(9).put((byte) 12).putInt(1).putInt(500).array()));
    assertThatThrownBy(cut::identities).hasMessageContaining("cut short");

    SshAgent refusing = new SshAgent(agentAnswering(ByteBuffer.allocate(5).putInt(1).put((byte) 5).array()));
    assertThatThrownBy(() -> refusing.sign(new byte[] {1}, new byte[] {2}, 0)).hasMessageContaining("refused to sign");
  }

  @Test
  void anEncryptedKeyIsToldApartFromAPlainOne() throws Exception {
    assertThat(ClientKeys.encrypted("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n")).isTrue();
    assertThat(ClientKeys.encrypted("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n")).isTrue();
    assertThat(ClientKeys.encrypted("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n")).isFalse();
    assertThat(ClientKeys.encrypted("-----BEGIN OPENSSH PRIVATE KEY-----\n%%%\n-----END OPENSSH PRIVATE KEY-----\n")).isFalse();
  }
}
