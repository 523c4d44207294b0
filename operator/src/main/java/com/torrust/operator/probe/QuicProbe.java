package com.torrust.operator.probe;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether a QUIC endpoint (HTTP/3) answers on a UDP port, without a QUIC stack: a long-header packet
 * of a version reserved for forcing negotiation (RFC 9000 section 15, 0x?a?a?a?a), padded to 1200
 * bytes as a client's first packet must be, makes every QUIC server answer with a Version
 * Negotiation packet (section 17.2.1) that echoes the connection ids and lists its versions. That
 * proves UDP reaches a QUIC server through every firewall and NAT on the way; it does not negotiate
 * TLS or ALPN (the JDK has no QUIC), so HTTP/3 itself is taken on the server's word.
 */
final class QuicProbe {

  /** A version of the reserved 0x?a?a?a?a pattern: no server supports it. */
  static final int FORCE_NEGOTIATION = 0x1a2a3a4a;
  static final int QUIC_V1 = 0x00000001;
  static final int INITIAL_SIZE = 1200;

  private QuicProbe() {}

  /** The versions the server offers, from its Version Negotiation answer; throws when none came within the timeout. */
  static List<Integer> versions(InetAddress address, int port, Duration timeout) throws IOException {
    byte[] dcid = random(8);
    byte[] scid = random(8);
    byte[] packet = ByteBuffer.allocate(INITIAL_SIZE).put((byte) (0xc0 | ThreadLocalRandom.current().nextInt(16)))
        .putInt(FORCE_NEGOTIATION).put((byte) dcid.length).put(dcid).put((byte) scid.length).put(scid).array();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(new InetSocketAddress(address, port));
      socket.setSoTimeout((int) Math.max(1, timeout.toMillis() / 2));
      return Datagrams.exchange(socket, packet, datagram -> negotiation(datagram, dcid, scid), "a QUIC packet");
    }
  }

  /**
   * The versions of a Version Negotiation packet answering ours, or null when it is not one: a long
   * header with version 0, our source id as its destination and our destination id as its source,
   * then a whole, non-empty number of versions.
   */
  static List<Integer> negotiation(byte[] datagram, byte[] sentDcid, byte[] sentScid) {
    ByteBuffer in = ByteBuffer.wrap(datagram);
    if (in.remaining() < 7 || (in.get() & 0x80) == 0 || in.getInt() != 0) {
      return null;
    }
    byte[] dcid = ids(in);
    byte[] scid = dcid == null ? null : ids(in);
    if (scid == null || !Arrays.equals(dcid, sentScid) || !Arrays.equals(scid, sentDcid) || in.remaining() == 0 || in.remaining() % 4 != 0) {
      return null;
    }
    List<Integer> versions = new ArrayList<>();
    while (in.hasRemaining()) {
      versions.add(in.getInt());
    }
    return versions;
  }

  private static byte[] ids(ByteBuffer in) {
    if (!in.hasRemaining()) {
      return null;
    }
    int length = in.get() & 0xff;
    if (in.remaining() < length) {
      return null;
    }
    byte[] id = new byte[length];
    in.get(id);
    return id;
  }

  /** "v1, 0x6b3343cf" for people. */
  static String describe(List<Integer> versions) {
    List<String> names = new ArrayList<>();
    for (int version : versions) {
      names.add(version == QUIC_V1 ? "v1" : version == 0x6b3343cf ? "v2" : "0x" + HexFormat.of().toHexDigits(version));
    }
    return String.join(", ", names);
  }

  private static byte[] random(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
