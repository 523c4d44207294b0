package com.torrust.operator.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 GET to a given address, over TLS when a server name is given. Written on a socket
 * rather than with java.net.http: the request must go to the deployment's own address while TLS
 * names the domain (SNI and certificate check) and the Host header carries it, whatever DNS says, and
 * the certificate chain must be read. The answer is bounded ({@link #MAX_BODY}).
 */
final class HttpProbeClient {

  static final int MAX_BODY = 64 * 1024;
  private static final int MAX_HEAD = 16 * 1024;

  private HttpProbeClient() {}

  /** Status code, body, and the certificate chain when over TLS (else empty). */
  record Answer(int status, byte[] body, List<X509Certificate> chain) {}

  /**
   * @param serverName the domain for TLS (SNI, certificate check, Host), or null for plain HTTP
   * @param tls the context whose trust store judges the chain (the JVM's by default)
   */
  static Answer get(InetAddress address, int port, String serverName, String path, Duration timeout, SSLContext tls) throws IOException {
    Socket plain = new Socket();
    // The whole GET (connect, TLS, request, answer) within the timeout: the read timeout alone bounds
    // each read, and a host that trickles its answer a byte at a time would hold a prober thread.
    try (plain; com.torrust.operator.host.SocketDeadlines.Deadline deadline = com.torrust.operator.host.SocketDeadlines.closeAfter(plain, timeout)) {
      connect(plain, address, port, timeout);
      Socket socket = plain;
      List<X509Certificate> chain = List.of();
      if (serverName != null) {
        SSLSocket secure = handshake(plain, serverName, port, tls, true);
        chain = chain(secure);
        socket = secure;
      }
      String host = serverName != null ? serverName : (address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress());
      String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + (serverName == null && port != 80 ? ":" + port : "")
          + "\r\nUser-Agent: tracker-operator-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try {
        return read(socket.getInputStream(), chain);
      } catch (IOException e) {
        if (deadline.passed()) {
          throw new java.net.SocketTimeoutException("the answer did not end within " + timeout.toMillis() + " ms");
        }
        throw e;
      }
    }
  }

  /**
   * The certificate chain {@code address} presents for {@code serverName}, trusted or not (nothing is
   * sent over the connection): the expiry of a certificate that was refused is still worth reporting.
   */
  static List<X509Certificate> presentedChain(InetAddress address, int port, String serverName, Duration timeout) throws IOException {
    Socket plain = new Socket();
    try (plain; com.torrust.operator.host.SocketDeadlines.Deadline deadline = com.torrust.operator.host.SocketDeadlines.closeAfter(plain, timeout)) {
      connect(plain, address, port, timeout);
      return chain(handshake(plain, serverName, port, TRUST_ANY, false));
    }
  }

  private static void connect(Socket plain, InetAddress address, int port, Duration timeout) throws IOException {
    int millis = (int) Math.max(1, timeout.toMillis());
    plain.connect(new InetSocketAddress(address, port), millis);
    plain.setSoTimeout(millis);
  }

  /** TLS over {@code plain}, naming {@code serverName} (SNI); {@code checkName}: the certificate must name it too. */
  private static SSLSocket handshake(Socket plain, String serverName, int port, SSLContext tls, boolean checkName) throws IOException {
    SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, serverName, port, true);
    SSLParameters parameters = secure.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(serverName)));
    if (checkName) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    parameters.setApplicationProtocols(new String[] {"http/1.1"});
    secure.setSSLParameters(parameters);
    secure.startHandshake();
    return secure;
  }

  private static List<X509Certificate> chain(SSLSocket secure) throws IOException {
    List<X509Certificate> chain = new java.util.ArrayList<>();
    for (Certificate certificate : secure.getSession().getPeerCertificates()) {
      if (certificate instanceof X509Certificate x509) {
        chain.add(x509);
      }
    }
    return chain;
  }

  /** Accepts any chain: only for reading one that the real check refused. */
  private static final SSLContext TRUST_ANY = trustAny();

  private static SSLContext trustAny() {
    try {
      SSLContext any = SSLContext.getInstance("TLS");
      any.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      return any;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this JVM", e);
    }
  }

  private static Answer read(InputStream in, List<X509Certificate> chain) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection closed before the answer's head ended");
      }
      head.write(b);
      if (head.size() > MAX_HEAD) {
        throw new IOException("an answer head longer than " + MAX_HEAD / 1024 + " KiB");
      }
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.") || !statusLine[1].matches("[1-5][0-9][0-9]")) {
      throw new IOException("not an HTTP/1.1 answer: " + Printable.of(lines[0]));
    }
    int status = Integer.parseInt(statusLine[1]);
    long length = -1;
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      if (name.equals("content-length") && value.matches("[0-9]{1,12}")) {
        length = Long.parseLong(value);
      } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
        chunked = true;
      }
    }
    byte[] body = chunked ? chunked(in) : bounded(in, length);
    return new Answer(status, body, List.copyOf(chain));
  }

  private static byte[] bounded(InputStream in, long length) throws IOException {
    if (length > MAX_BODY) {
      throw new IOException("an answer of " + length + " bytes, more than the " + MAX_BODY / 1024 + " KiB read");
    }
    byte[] body = in.readNBytes(length < 0 ? MAX_BODY + 1 : (int) length);
    if (body.length > MAX_BODY) {
      throw new IOException("an answer longer than the " + MAX_BODY / 1024 + " KiB read");
    }
    return body;
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      int semicolon = size.indexOf(';');
      String hex = (semicolon >= 0 ? size.substring(0, semicolon) : size).trim();
      if (!hex.matches("[0-9a-fA-F]{1,6}")) {
        throw new IOException("a bad chunk size: " + Printable.of(hex));
      }
      int n = Integer.parseInt(hex, 16);
      if (n == 0) {
        return body.toByteArray();
      }
      if (body.size() + n > MAX_BODY) {
        throw new IOException("an answer longer than the " + MAX_BODY / 1024 + " KiB read");
      }
      body.write(in.readNBytes(n));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (line.length() > 256) {
        throw new IOException("a chunk line longer than 256 bytes");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }
}
