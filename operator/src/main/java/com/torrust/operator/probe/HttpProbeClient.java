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
    int millis = (int) Math.max(1, timeout.toMillis());
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(address, port), millis);
      plain.setSoTimeout(millis);
      Socket socket = plain;
      List<X509Certificate> chain = List.of();
      if (serverName != null) {
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, serverName, port, true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the domain
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        secure.setSSLParameters(parameters);
        secure.startHandshake();
        chain = new java.util.ArrayList<>();
        for (Certificate certificate : secure.getSession().getPeerCertificates()) {
          if (certificate instanceof X509Certificate x509) {
            chain.add(x509);
          }
        }
        socket = secure;
      }
      String host = serverName != null ? serverName : (address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress());
      String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + (serverName == null && port != 80 ? ":" + port : "")
          + "\r\nUser-Agent: tracker-operator-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return read(socket.getInputStream(), chain);
    } finally {
      plain.close();
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
