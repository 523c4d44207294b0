package com.torrust.operator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.torrust.operator.host.HostAccessException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that a real OpenSSH host cannot be made to imitate: they take the TCP connection and then
 * never finish the SSH handshake. Debian's endlessh (a real SSH tarpit: random banner lines, one at a
 * time, forever) and two scripted servers on loopback. Every connection attempt must end by its
 * handshake deadline with a clear reason, never hold the thread.
 */
class UnfriendlyServerTest {

  private static final Duration CONNECT = Duration.ofSeconds(2); // handshake deadline: 4 s

  @TempDir
  static Path keys;

  private static String privateKey;
  private final List<AutoCloseable> running = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void key() throws Exception {
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keys.resolve("id").toString())
        .redirectErrorStream(true).start();
    assertThat(keygen.waitFor()).isZero();
    privateKey = Files.readString(keys.resolve("id"));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : running) {
      closeable.close();
    }
  }

  private HostAccessException connect(int port) {
    return connect(port, CONNECT);
  }

  private HostAccessException connect(int port, Duration connectTimeout) {
    SshTarget target = new SshTarget("127.0.0.1", port, "root", privateKey, null, connectTimeout, Duration.ofSeconds(60));
    long start = System.nanoTime();
    HostAccessException e = catchThrowableOfType(HostAccessException.class, () -> SshConnection.open(target));
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("UnfriendlyServerTest: gave up after " + millis + " ms: " + (e == null ? "no error" : e.getMessage()));
    return e;
  }

  /** A loopback server that hands each accepted socket to {@code talk} on its own thread. */
  private int serve(Consumer<Socket> talk) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    running.add(server);
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          Socket socket = server.accept();
          running.add(socket);
          Thread talker = new Thread(() -> talk.accept(socket));
          talker.setDaemon(true);
          talker.start();
        }
      } catch (IOException closed) {
        // the test is over
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    return server.getLocalPort();
  }

  @Test
  void anSshTarpitIsLeftAtTheHandshakeDeadline() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    // A banner line every 200 ms: far more often than any read timeout, so only a deadline ends it.
    Process tarpit = new ProcessBuilder("endlessh", "-4", "-d", "200", "-p", String.valueOf(port)).redirectErrorStream(true).start();
    running.add(tarpit::destroy);
    waitForListener(port);

    HostAccessException e = connect(port);

    assertThat(e).as("the connection attempt ended").isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.HostUnreachable);
    assertThat(e.getMessage()).contains("did not complete the SSH handshake", "within 4 s");
  }

  @Test
  void aServerThatAcceptsAndSaysNothingIsLeftAtTheHandshakeDeadline() throws Exception {
    int port = serve(socket -> { });

    HostAccessException e = connect(port);

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.HostUnreachable);
    assertThat(e.getMessage()).contains("did not complete the SSH handshake");
  }

  @Test
  void aServerThatSendsItsBannerThenStallsTheKeyExchangeIsLeftAtTheDeadline() throws Exception {
    int port = serve(socket -> {
      try {
        OutputStream out = socket.getOutputStream();
        out.write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.getInputStream().transferTo(OutputStream.nullOutputStream()); // reads the client's key exchange, answers nothing
      } catch (IOException closed) {
        // the client gave up
      }
    });

    HostAccessException e = connect(port);

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.HostUnreachable);
  }

  @Test
  void aServerThatFloodsBeforeItsBannerIsCutOffWithoutFillingTheHeap() throws Exception {
    java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
    int port = serve(socket -> {
      try {
        OutputStream out = socket.getOutputStream();
        byte[] zeros = new byte[64 * 1024]; // no banner, no line end: bytes as fast as loopback carries them
        while (true) {
          out.write(zeros);
          sent.addAndGet(zeros.length);
        }
      } catch (IOException closed) {
        // the client gave up
      }
    });

    // A long deadline (60 s), so only the cap can end it in time; SSHJ's banner parsing is
    // quadratic, so the cap (32 KiB) is reached in a few seconds here.
    HostAccessException e = connect(port, Duration.ofSeconds(30));

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.HostUnreachable);
    assertThat(e.getMessage()).as("cut at the cap, not at the deadline").contains("more than 32 KiB before authentication ended");
    System.out.println("UnfriendlyServerTest: the flooding server sent " + sent.get() / 1024 + " KiB before it was cut off");
  }

  private static void waitForListener(int port) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("endlessh did not listen on port " + port);
  }
}
