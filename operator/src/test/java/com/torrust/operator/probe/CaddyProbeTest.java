package com.torrust.operator.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.drift.DriftKind;
import com.torrust.operator.drift.Finding;
import com.torrust.operator.probe.ProbeTarget.Check;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prober against Debian's Caddy, the TLS proxy the deployments run: its HTTP/3 (QUIC) port
 * answers the version negotiation, a UDP port without QUIC does not; its internal CA's chain is
 * refused until trusted, then served with the certificate's expiry read. Caddy runs offline
 * (tls internal, no ACME), on loopback ports.
 */
class CaddyProbeTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @TempDir
  static Path dir;

  private static Process caddy;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    port = freePort();
    Files.writeString(dir.resolve("Caddyfile"), """
        {
        \tadmin off
        \tskip_install_trust
        \thttp_port %d
        \thttps_port %d
        \tstorage file_system {
        \t\troot %s
        \t}
        }
        localhost:%d {
        \ttls internal
        \trespond /api/health_check `{"status":"Ok"}` 200
        }
        """.formatted(freePort(), port, dir.resolve("data"), port));
    ProcessBuilder builder = new ProcessBuilder("caddy", "run", "--config", "Caddyfile", "--adapter", "caddyfile").directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(dir.resolve("caddy.log").toFile());
    builder.environment().putAll(Map.of("HOME", dir.toString(), "XDG_DATA_HOME", dir.toString(), "XDG_CONFIG_HOME", dir.toString()));
    caddy = builder.start();
    for (int i = 0; i < 200 && !Files.exists(dir.resolve("data/certificates")); i++) {
      Thread.sleep(50);
    }
    for (int i = 0; i < 100; i++) {
      try (Socket socket = new Socket(LOOPBACK, port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("caddy did not start: " + Files.readString(dir.resolve("caddy.log")));
  }

  @AfterAll
  static void stop() {
    if (caddy != null) {
      caddy.destroy();
    }
  }

  @Test
  void caddysHttp3PortAnswersQuicAndAPortWithoutQuicDoesNot() throws Exception {
    int silent;
    try (DatagramSocket nothing = new DatagramSocket(0, LOOPBACK)) {
      silent = nothing.getLocalPort(); // bound, never answers
      List<ProbeResult> results = new Prober(Duration.ofSeconds(2)).probe(List.of(LOOPBACK), List.of(
          new ProbeTarget(Check.Http3, port, null, "http3"), new ProbeTarget(Check.Http3, silent, null, "http3")));

      assertThat(results.get(0).ok()).as(results.get(0).detail()).isTrue();
      assertThat(results.get(0).detail()).startsWith("QUIC answered (versions ").contains("v1");
      assertThat(results.get(1).ok()).isFalse();
      assertThat(results.get(1).detail()).contains("no answer within 2000 ms");
      assertThat(results.get(1).target().describe()).isEqualTo("http3 " + silent + "/udp");
    }
  }

  @Test
  void caddysInternalCaIsRefusedUntilTrustedThenItsExpiryIsRead() throws Exception {
    ProbeTarget api = new ProbeTarget(Check.HttpApi, port, "localhost", "http-api");

    ProbeResult untrusted = new Prober(Duration.ofSeconds(3)).probe(List.of(LOOPBACK), List.of(api)).get(0);
    ProbeResult trusted = new Prober(Duration.ofSeconds(3), trusting(dir.resolve("data/pki/authorities/local/root.crt"))).probe(
        List.of(LOOPBACK), List.of(api)).get(0);

    assertThat(untrusted.ok()).isFalse();
    assertThat(ProbeFindings.of(List.of(untrusted), Instant.now())).extracting(Finding::kind).contains(DriftKind.CertificateInvalid);
    assertThat(trusted.ok()).as(trusted.detail()).isTrue();
    assertThat(trusted.detail()).isEqualTo("GET /api/health_check answered 200");
    // Caddy's internal certificates live 12 hours: a fresh one has far more than a third left.
    assertThat(trusted.certificateNotAfter()).isBetween(Instant.now().plus(Duration.ofHours(11)), Instant.now().plus(Duration.ofHours(13)));
    assertThat(ProbeFindings.of(List.of(trusted), Instant.now())).isEmpty();
  }

  private static SSLContext trusting(Path root) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(root)) {
      store.setCertificateEntry("caddy-local", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    }
  }
}
