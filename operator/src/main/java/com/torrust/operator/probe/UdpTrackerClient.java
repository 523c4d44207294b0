package com.torrust.operator.probe;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The BitTorrent UDP tracker protocol (BEP 15), as a client that proves a tracker serves: connect,
 * announce (event "stopped", so no peer is left behind) and scrape of a synthetic info-hash. Every
 * answer is checked for its action and transaction id; an error answer (action 3) also proves that a
 * tracker speaks the protocol, and is reported with its message.
 */
final class UdpTrackerClient {

  static final long PROTOCOL_ID = 0x41727101980L;
  private static final int CONNECT = 0;
  private static final int ANNOUNCE = 1;
  private static final int SCRAPE = 2;
  private static final int ERROR = 3;
  private static final int STOPPED = 3;

  private UdpTrackerClient() {}

  /** Empty when connect, announce and scrape were answered; else the tracker's BEP 15 error message. */
  static java.util.Optional<String> probe(InetAddress address, int port, byte[] infoHash, byte[] peerId, Duration timeout) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(new InetSocketAddress(address, port));
      socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
      int tx = ThreadLocalRandom.current().nextInt();
      ByteBuffer connect = ByteBuffer.allocate(16).putLong(PROTOCOL_ID).putInt(CONNECT).putInt(tx);
      ByteBuffer answer = exchange(socket, connect.array(), tx, CONNECT, 16);
      if (answer.getInt(0) == ERROR) {
        return java.util.Optional.of(error(answer));
      }
      long connection = answer.getLong(8);

      tx = ThreadLocalRandom.current().nextInt();
      ByteBuffer announce = ByteBuffer.allocate(98).putLong(connection).putInt(ANNOUNCE).putInt(tx).put(infoHash).put(peerId)
          .putLong(0).putLong(0).putLong(0).putInt(STOPPED).putInt(0).putInt(ThreadLocalRandom.current().nextInt()).putInt(0)
          .putShort((short) 6881);
      answer = exchange(socket, announce.array(), tx, ANNOUNCE, 20);
      if (answer.getInt(0) == ERROR) {
        return java.util.Optional.of(error(answer));
      }

      tx = ThreadLocalRandom.current().nextInt();
      ByteBuffer scrape = ByteBuffer.allocate(36).putLong(connection).putInt(SCRAPE).putInt(tx).put(infoHash);
      answer = exchange(socket, scrape.array(), tx, SCRAPE, 20);
      return answer.getInt(0) == ERROR ? java.util.Optional.of(error(answer)) : java.util.Optional.empty();
    }
  }

  /**
   * One request and its answer, sent twice at most (UDP may drop either): an answer with another
   * transaction id is ignored, one too short or of another action is a protocol error.
   */
  private static ByteBuffer exchange(DatagramSocket socket, byte[] request, int tx, int action, int minimum) throws IOException {
    return Datagrams.exchange(socket, request, datagram -> {
      ByteBuffer answer = ByteBuffer.wrap(datagram);
      if (datagram.length < 8 || answer.getInt(4) != tx) {
        return null; // not an answer to this request
      }
      int got = answer.getInt(0);
      if (got != ERROR && (got != action || datagram.length < minimum)) {
        throw new IOException("answered a " + name(action) + " request with " + datagram.length + " bytes of action " + got
            + ", not the BEP 15 answer");
      }
      return answer;
    }, "a " + name(action) + " request");
  }

  private static String error(ByteBuffer answer) {
    byte[] message = new byte[Math.min(200, Math.max(0, answer.limit() - 8))];
    answer.get(8, message);
    return Printable.of(new String(message, StandardCharsets.UTF_8));
  }

  private static String name(int action) {
    return switch (action) {
      case CONNECT -> "connect";
      case ANNOUNCE -> "announce";
      default -> "scrape";
    };
  }
}
