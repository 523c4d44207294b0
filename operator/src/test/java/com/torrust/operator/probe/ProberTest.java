package com.torrust.operator.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import com.torrust.operator.drift.DriftKind;
import com.torrust.operator.drift.Finding;
import com.torrust.operator.probe.ProbeTarget.Check;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prober against real peers on loopback: Debian's opentracker (a BitTorrent tracker speaking
 * BEP 15 over UDP and announce/scrape over HTTP) judges the protocol code, and the JDK's HTTPS server
 * with a certificate made by keytool (valid for tracker.test, started 60 days ago, 80-day lifetime)
 * judges the TLS checks.
 */
class ProberTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Prober PROBER = new Prober(Duration.ofSeconds(2));

  @TempDir
  static Path dir;

  private static Process opentracker;
  private static int trackerPort;
  private static HttpsServer https;
  private static SSLContext trustingTestCa;

  @BeforeAll
  static void start() throws Exception {
    trackerPort = freePort();
    opentracker = new ProcessBuilder("opentracker", "-i", "127.0.0.1", "-p", String.valueOf(trackerPort), "-P", String.valueOf(trackerPort))
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("opentracker.log").toFile()).start();
    waitForTcp(trackerPort);

    Path keystore = dir.resolve("tls.p12");
    Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-alias", "tracker", "-keyalg", "EC", "-dname", "CN=tracker.test",
        "-ext", "SAN=dns:tracker.test", "-startdate", "-60d", "-validity", "80", "-keystore", keystore.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit").redirectErrorStream(true).start();
    assertThat(keytool.waitFor()).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(keystore.toFile())) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(keys.getKeyManagers(), null, null);
    https = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(server));
    https.createContext("/api/health_check", exchange -> {
      byte[] body = "{\"status\":\"Ok\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    https.start();
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    trustingTestCa = SSLContext.getInstance("TLS");
    trustingTestCa.init(null, trust.getTrustManagers(), null);
  }

  @AfterAll
  static void stop() {
    if (opentracker != null) {
      opentracker.destroy();
    }
    if (https != null) {
      https.stop(0);
    }
  }

  @Test
  void aRealTrackerAnswersTheUdpProtocolAndAnnounceAndScrapeOverHttp() throws Exception {
    List<ProbeResult> results = PROBER.probe(List.of(LOOPBACK), List.of(
        new ProbeTarget(Check.UdpTracker, trackerPort, null, "udp-tracker"),
        new ProbeTarget(Check.HttpTracker, trackerPort, null, "http-tracker")));

    assertThat(results).allSatisfy(r -> assertThat(r.ok()).as(r.detail()).isTrue());
    assertThat(results.get(0).detail()).isEqualTo("connect, announce and scrape answered");
    assertThat(results.get(1).detail()).isEqualTo("announce answered; scrape answered");
    assertThat(ProbeFindings.of(results, Instant.now())).isEmpty();
    assertThat(ProbeFindings.serving(results)).isTrue();
  }

  @Test
  void whatDoesNotSpeakTheProtocolIsNotServing() throws Exception {
    int silentUdp;
    try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
      silentUdp = socket.getLocalPort();
    }
    List<ProbeResult> results = PROBER.probe(List.of(LOOPBACK), List.of(
        new ProbeTarget(Check.UdpTracker, silentUdp, null, "udp-tracker"),
        new ProbeTarget(Check.HttpApi, trackerPort, null, "http-api"),
        new ProbeTarget(Check.HttpTracker, https.getAddress().getPort(), null, "http-tracker")));

    assertThat(results).noneMatch(ProbeResult::ok);
    List<Finding> findings = ProbeFindings.of(results, Instant.now());
    assertThat(findings).extracting(Finding::kind).containsOnly(DriftKind.EndpointNotServing);
    assertThat(findings.get(1).message()).contains("http-api " + trackerPort + "/tcp at 127.0.0.1 does not serve from outside");
    assertThat(ProbeFindings.serving(results)).isFalse();
  }

  @Test
  void anEndpointThatAnswersOnOneAddressFamilyOnlyIsAFindingForTheOther() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1"); // opentracker here listens on 127.0.0.1 only
    List<ProbeResult> results = PROBER.probe(List.of(LOOPBACK, v6), List.of(
        new ProbeTarget(Check.UdpTracker, trackerPort, null, "udp-tracker"),
        new ProbeTarget(Check.HttpTracker, trackerPort, null, "http-tracker")));

    assertThat(results).extracting(ProbeResult::ok).containsExactly(true, false, true, false);
    List<Finding> findings = ProbeFindings.of(results, Instant.now());
    assertThat(findings).hasSize(2).allSatisfy(f -> {
      assertThat(f.kind()).isEqualTo(DriftKind.EndpointNotServing);
      assertThat(f.address()).isEqualTo(v6.getHostAddress());
      assertThat(f.message()).contains("it answers at 127.0.0.1: the address families differ");
    });
    assertThat(ProbeFindings.serving(results)).isFalse();
  }

  @Test
  void anAnswerTrickledAByteAtATimeEndsAtTheTimeoutNotWhenTheHostStops() throws Exception {
    try (ServerSocket trickler = new ServerSocket(0, 5, LOOPBACK)) {
      Thread server = new Thread(() -> {
        try (Socket socket = trickler.accept()) {
          var out = socket.getOutputStream();
          for (byte b : "HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII)) {
            out.write(b);
          }
          while (true) { // one byte every 300 ms: each read is quick, the answer never ends
            out.write('x');
            out.flush();
            Thread.sleep(300);
          }
        } catch (IOException | InterruptedException gone) {
          // the prober hung up
        }
      });
      server.setDaemon(true);
      server.start();
      long start = System.nanoTime();

      ProbeResult result = PROBER.probe(List.of(LOOPBACK), List.of(new ProbeTarget(Check.HttpApi, trickler.getLocalPort(), null, "http-api")))
          .get(0);

      assertThat(result.ok()).isFalse();
      assertThat(result.detail()).isEqualTo("no answer within 2000 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the whole GET within the 2 s timeout, not per read")
          .isLessThan(Duration.ofSeconds(6));
    }
  }

  @Test
  void aPortThatMustNotAnswerIsAFindingWhenItAcceptsAConnection() throws Exception {
    int closed = freePort();
    List<ProbeResult> results = PROBER.probe(List.of(LOOPBACK), List.of(
        new ProbeTarget(Check.MustNotAnswer, trackerPort, null, "mysql"),
        new ProbeTarget(Check.MustNotAnswer, closed, null, "unplanned")));

    assertThat(results.get(0).ok()).isFalse();
    assertThat(results.get(1).ok()).as(results.get(1).detail()).isTrue();
    assertThat(ProbeFindings.of(results, Instant.now())).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(DriftKind.PortAnswersFromOutside);
      assertThat(f.severity()).isEqualTo(com.torrust.operator.drift.Severity.Critical);
      assertThat(f.port()).isEqualTo(trackerPort);
    });
    assertThat(ProbeFindings.serving(results)).as("closed ports are findings, not endpoints").isTrue();
  }

  @Test
  void aTlsEndpointIsCheckedForItsDomainAndItsRemainingLifetime() throws Exception {
    int port = https.getAddress().getPort();
    Prober trusting = new Prober(Duration.ofSeconds(2), trustingTestCa);

    List<ProbeResult> results = trusting.probe(List.of(LOOPBACK), List.of(
        new ProbeTarget(Check.HttpApi, port, "tracker.test", "http-api"),
        new ProbeTarget(Check.HttpApi, port, "other.test", "http-api")));

    ProbeResult right = results.get(0);
    assertThat(right.ok()).as(right.detail()).isTrue();
    assertThat(right.certificateNotAfter()).isBetween(Instant.now().plus(Duration.ofDays(19)), Instant.now().plus(Duration.ofDays(21)));
    ProbeResult wrongName = results.get(1);
    assertThat(wrongName.ok()).isFalse();
    assertThat(wrongName.certificateError()).isNotNull();
    assertThat(wrongName.certificateNotAfter()).as("the refused chain is still read for its expiry").isNotNull();
    List<Finding> findings = ProbeFindings.of(results, Instant.now());
    assertThat(findings).extracting(Finding::kind)
        .containsExactlyInAnyOrder(DriftKind.CertificateExpiring, DriftKind.CertificateInvalid, DriftKind.CertificateExpiring);
    assertThat(findings).filteredOn(f -> f.kind() == DriftKind.CertificateExpiring).first()
        .satisfies(f -> assertThat(f.message()).contains("the certificate of tracker.test expires in 19 days", "80 days lifetime"));

    List<ProbeResult> untrusted = PROBER.probe(List.of(LOOPBACK), List.of(new ProbeTarget(Check.HttpApi, port, "tracker.test", "http-api")));
    assertThat(untrusted.get(0).certificateError()).as("a chain no trusted CA signed").isNotNull();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    }
  }

  private static void waitForTcp(int port) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      try {
        new Socket(LOOPBACK, port).close();
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("opentracker did not listen on " + port);
  }
}
