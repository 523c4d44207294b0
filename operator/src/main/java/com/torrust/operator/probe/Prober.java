package com.torrust.operator.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * Tries a deployment's endpoints from outside, at the host's own addresses only: endpoints as many
 * at a time as the pool has threads ({@link #PARALLEL} for the command line), each within the timeout,
 * each answer read strictly and bounded; the ports that must not answer all at once, for at most
 * {@link #CLOSED_PORT_WAIT}. The synthetic info-hash ({@link #INFO_HASH}) is twenty ASCII bytes no real torrent
 * has; announces say "stopped", so no tracker keeps the probe as a peer.
 */
public final class Prober {

  /** "tracker-operator-prb": readable in a tracker's logs as the operator's probe. */
  static final byte[] INFO_HASH = "tracker-operator-prb".getBytes(StandardCharsets.US_ASCII);

  /**
   * A port that answers does so with its SYN-ACK within a round trip (well under a second across
   * continents); a firewall that drops makes every closed port wait the whole timeout. So closed ports
   * wait at most this long, whatever the timeout for endpoints.
   */
  static final Duration CLOSED_PORT_WAIT = Duration.ofSeconds(1);

  /** Connections at a time of the command line's prober. */
  public static final int PARALLEL = 4;

  private final Duration timeout;
  private final SSLContext tls;
  private final ExecutorService pool;

  /** Judges certificates with the JVM's trust store; {@link #PARALLEL} tries at a time. */
  public Prober(Duration timeout) {
    this(timeout, defaultTls());
  }

  public Prober(Duration timeout, SSLContext tls) {
    this(timeout, tls, pool(PARALLEL));
  }

  /** @param pool threads that only wait on sockets: its size bounds the tries at a time, across every probe that shares it */
  public Prober(Duration timeout, SSLContext tls, ExecutorService pool) {
    this.timeout = timeout;
    this.tls = tls;
    this.pool = pool;
  }

  /** A pool of daemon threads for {@link #Prober(Duration, SSLContext, ExecutorService)}. */
  public static ExecutorService pool(int threads) {
    return Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "outside-prober");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Every target at every address, as one report. */
  public ProbeReport report(List<InetAddress> addresses, List<ProbeTarget> targets) throws InterruptedException {
    List<ProbeResult> results = probe(addresses, targets);
    return new ProbeReport(results, java.time.Instant.now());
  }


  /** Every target at every address; results in the order of the targets, then addresses. */
  public List<ProbeResult> probe(List<InetAddress> addresses, List<ProbeTarget> targets) throws InterruptedException {
    List<Future<ProbeResult>> pending = new ArrayList<>();
    List<ProbeTarget> closedTargets = new ArrayList<>();
    List<InetAddress> closedAddresses = new ArrayList<>();
    for (ProbeTarget target : targets) {
      for (InetAddress address : addresses) {
        if (target.check() == ProbeTarget.Check.MustNotAnswer) {
          closedTargets.add(target);
          closedAddresses.add(address);
          pending.add(null);
        } else {
          pending.add(pool.submit(() -> one(address, target)));
        }
      }
    }
    // Every port that must not answer at once, on this thread: a firewall that drops makes each wait,
    // and waiting together costs one wait, not one pool thread per port.
    java.util.Iterator<ProbeResult> closedResults = closedAll(closedAddresses, closedTargets).iterator();
    List<ProbeResult> results = new ArrayList<>();
    int i = 0;
    for (ProbeTarget target : targets) {
      for (InetAddress address : addresses) {
        Future<ProbeResult> future = pending.get(i++);
        if (future == null) {
          results.add(closedResults.next());
          continue;
        }
        try {
          // Each try ends by its own socket timeouts; this bound only guards against a bug there.
          results.add(future.get(timeout.toMillis() * 8 + 5_000, TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          future.cancel(true);
          results.add(ProbeResult.of(target, address.getHostAddress(), false, "the probe failed: " + e, timeout.toMillis()));
        }
      }
    }
    return results;
  }

  /**
   * Non-blocking connects to every port that must not answer, waited for together with one selector
   * until {@link #CLOSED_PORT_WAIT} (or the timeout, if shorter): connected is an answer, refused or
   * unreachable is closed, still pending at the end is filtered.
   */
  List<ProbeResult> closedAll(List<InetAddress> addresses, List<ProbeTarget> targets) {
    int n = targets.size();
    ProbeResult[] results = new ProbeResult[n];
    if (n == 0) {
      return List.of();
    }
    long start = System.nanoTime();
    long wait = Math.min(timeout.toMillis(), CLOSED_PORT_WAIT.toMillis());
    try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
      List<java.nio.channels.SocketChannel> channels = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open();
          channels.add(channel);
          channel.configureBlocking(false);
          try {
            if (channel.connect(new InetSocketAddress(addresses.get(i), targets.get(i).port()))) {
              results[i] = answered(targets.get(i), addresses.get(i), start);
            } else {
              channel.register(selector, java.nio.channels.SelectionKey.OP_CONNECT, i);
            }
          } catch (IOException e) {
            results[i] = notAnswered(targets.get(i), addresses.get(i), e, start);
          }
        }
        long deadline = System.nanoTime() + wait * 1_000_000L;
        while (selector.keys().stream().anyMatch(java.nio.channels.SelectionKey::isValid)) {
          long left = (deadline - System.nanoTime()) / 1_000_000L;
          if (left <= 0 || selector.select(left) < 0) {
            break;
          }
          for (java.nio.channels.SelectionKey key : selector.selectedKeys()) {
            int i = (Integer) key.attachment();
            try {
              ((java.nio.channels.SocketChannel) key.channel()).finishConnect();
              results[i] = answered(targets.get(i), addresses.get(i), start);
            } catch (IOException e) {
              results[i] = notAnswered(targets.get(i), addresses.get(i), e, start);
            }
            key.cancel();
          }
          selector.selectedKeys().clear();
        }
      } finally {
        for (java.nio.channels.SocketChannel channel : channels) {
          channel.close();
        }
      }
    } catch (IOException e) {
      for (int i = 0; i < n; i++) {
        if (results[i] == null) {
          results[i] = ProbeResult.of(targets.get(i), addresses.get(i).getHostAddress(), false, "could not try: " + failure(e), millisSince(start));
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (results[i] == null) {
        results[i] = ProbeResult.of(targets.get(i), addresses.get(i).getHostAddress(), true, "no answer (filtered)", millisSince(start));
      }
    }
    return List.of(results);
  }

  private static ProbeResult answered(ProbeTarget target, InetAddress address, long start) {
    return ProbeResult.of(target, address.getHostAddress(), false, "accepted a TCP connection from outside", millisSince(start));
  }

  private ProbeResult notAnswered(ProbeTarget target, InetAddress address, IOException e, long start) {
    return ProbeResult.of(target, address.getHostAddress(), true, e instanceof ConnectException ? "connection refused" : "not reachable: "
        + failure(e), millisSince(start));
  }

  ProbeResult one(InetAddress address, ProbeTarget target) {
    long start = System.nanoTime();
    String where = address.getHostAddress();
    try {
      return switch (target.check()) {
        case UdpTracker -> udp(address, target, start);
        case HttpTracker -> httpTracker(address, target, start);
        case HttpApi -> httpGet(address, target, "/api/health_check", start, answer -> {
          String body = new String(answer.body(), StandardCharsets.UTF_8).replace(" ", "");
          return answer.status() == 200 && body.contains("\"status\":\"Ok\"") ? null : "answered " + answer.status() + " " + Printable.of(body);
        });
        case Grafana -> httpGet(address, target, "/api/health", start,
            answer -> answer.status() == 200 ? null : "answered " + answer.status());
        case Http3 -> ProbeResult.of(target, where, true, "QUIC answered (versions " + QuicProbe.describe(QuicProbe.versions(address, target.port(), timeout))
            + ")", millisSince(start));
        case MustNotAnswer -> closedAll(List.of(address), List.of(target)).get(0);
      };
    } catch (IOException | RuntimeException e) {
      return ProbeResult.of(target, where, false, failure(e), millisSince(start));
    }
  }

  private ProbeResult udp(InetAddress address, ProbeTarget target, long start) throws IOException {
    java.util.Optional<String> error = UdpTrackerClient.probe(address, target.port(), INFO_HASH, peerId(), timeout);
    if (error.isPresent()) {
      // An error answer in the protocol still proves a tracker serves there (a listed tracker refuses unknown torrents).
      return ProbeResult.of(target, address.getHostAddress(), true, "answered in BEP 15 with an error: " + error.get(), millisSince(start));
    }
    // Details are stable from one try to the next (no interval: trackers randomise it), so status changes only with the verdict.
    return ProbeResult.of(target, address.getHostAddress(), true, "connect, announce and scrape answered", millisSince(start));
  }

  private ProbeResult httpTracker(InetAddress address, ProbeTarget target, long start) throws IOException {
    String hash = percent(INFO_HASH);
    String announce = "/announce?info_hash=" + hash + "&peer_id=" + percent(peerId()) + "&port=6881&uploaded=0&downloaded=0&left=0"
        + "&event=stopped&compact=1";
    HttpCall first = call(address, target, announce);
    if (first.failure != null) {
      return first.failure;
    }
    String announced = trackerAnswer(first.answer);
    if (announced.startsWith("!")) {
      return first.result(target, address, false, "announce: " + announced.substring(1), start);
    }
    HttpCall second = call(address, target, "/scrape?info_hash=" + hash);
    if (second.failure != null) {
      return second.failure;
    }
    String scraped = trackerAnswer(second.answer);
    if (scraped.startsWith("!")) {
      return second.result(target, address, false, "scrape: " + scraped.substring(1), start);
    }
    return second.result(target, address, true, "announce " + announced + "; scrape " + scraped, start);
  }

  /** "answered" or "refused: <reason>" for a tracker's bencoded answer; "!..." when it is none. */
  static String trackerAnswer(HttpProbeClient.Answer answer) {
    Object decoded;
    try {
      decoded = Bencode.decode(answer.body());
    } catch (IllegalArgumentException e) {
      return "!answered " + answer.status() + " without bencode (" + e.getMessage() + ")";
    }
    if (!(decoded instanceof Map<?, ?> map)) {
      return "!answered " + answer.status() + " with bencode that is not a dictionary";
    }
    if (map.get("failure reason") instanceof String reason) {
      return "refused: " + Printable.of(reason);
    }
    if (map.get("interval") instanceof Long || map.get("files") instanceof Map) {
      return "answered";
    }
    return "!answered " + answer.status() + " with a dictionary that has no interval, files or failure reason";
  }

  private ProbeResult httpGet(InetAddress address, ProbeTarget target, String path, long start,
      java.util.function.Function<HttpProbeClient.Answer, String> judge) {
    HttpCall call = call(address, target, path);
    if (call.failure != null) {
      return call.failure;
    }
    String problem = judge.apply(call.answer);
    return call.result(target, address, problem == null, problem == null ? "GET " + path + " answered " + call.answer.status() : problem, start);
  }

  /** One GET; over TLS the chain is judged, and read even when it is not accepted. */
  private HttpCall call(InetAddress address, ProbeTarget target, String path) {
    long start = System.nanoTime();
    try {
      return new HttpCall(HttpProbeClient.get(address, target.port(), target.serverName(), path, timeout, tls), null);
    } catch (SSLHandshakeException e) {
      String error = failure(e);
      ProbeResult result = ProbeResult.of(target, address.getHostAddress(), false, "TLS: " + error, millisSince(start));
      List<X509Certificate> chain = presentedChain(address, target);
      X509Certificate leaf = chain.isEmpty() ? null : chain.get(0);
      return new HttpCall(null, result.withCertificate(leaf == null ? null : leaf.getNotBefore().toInstant(),
          leaf == null ? null : leaf.getNotAfter().toInstant(), error));
    } catch (IOException | RuntimeException e) {
      return new HttpCall(null, ProbeResult.of(target, address.getHostAddress(), false, failure(e), millisSince(start)));
    }
  }

  /** The chain a TLS endpoint presents, whether or not it is trusted; empty when even that cannot be read. */
  private List<X509Certificate> presentedChain(InetAddress address, ProbeTarget target) {
    try {
      return HttpProbeClient.presentedChain(address, target.port(), target.serverName(), timeout);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** A GET's answer, or the result that says why there is none. */
  private record HttpCall(HttpProbeClient.Answer answer, ProbeResult failure) {

    ProbeResult result(ProbeTarget target, InetAddress address, boolean ok, String detail, long start) {
      ProbeResult result = ProbeResult.of(target, address.getHostAddress(), ok, detail, millisSince(start));
      if (answer.chain().isEmpty()) {
        return result;
      }
      X509Certificate leaf = answer.chain().get(0);
      return result.withCertificate(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), null);
    }
  }

  private static byte[] peerId() {
    byte[] id = new byte[20];
    byte[] prefix = "-TO0001-".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, id, 0, prefix.length);
    for (int i = prefix.length; i < id.length; i++) {
      id[i] = (byte) ('0' + java.util.concurrent.ThreadLocalRandom.current().nextInt(10));
    }
    return id;
  }

  static String percent(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private String failure(Exception e) {
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    if (e instanceof java.net.PortUnreachableException) {
      return "nothing listens (ICMP port unreachable)";
    }
    if (e instanceof SocketTimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms" + (e.getMessage() != null && e.getMessage().startsWith("no answer to") ? " (sent twice)" : "");
    }
    return Printable.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** The JVM's own TLS context: certificates judged by its trust store. */
  public static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("no TLS in this JVM", e);
    }
  }
}
