package com.torrust.operator.probe;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** One UDP request and its answer, for the protocols the prober speaks over UDP (BEP 15, QUIC). */
final class Datagrams {

  /** Reads a datagram: the answer, null for one that is not (ignored), or an IOException for a protocol error. */
  @FunctionalInterface
  interface Reader<T> {
    T read(byte[] datagram) throws IOException;
  }

  private Datagrams() {}

  /**
   * Sends the request up to twice (UDP may drop either way), each time waiting the socket's timeout for
   * a datagram the reader accepts; throws SocketTimeoutException with {@code what} when none came.
   */
  static <T> T exchange(DatagramSocket socket, byte[] request, Reader<T> reader, String what) throws IOException {
    byte[] buffer = new byte[2048];
    for (int attempt = 0; attempt < 2; attempt++) {
      socket.send(new DatagramPacket(request, request.length));
      long deadline = System.nanoTime() + socket.getSoTimeout() * 1_000_000L;
      while (System.nanoTime() < deadline) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          break;
        }
        T answer = reader.read(Arrays.copyOf(packet.getData(), packet.getLength()));
        if (answer != null) {
          return answer;
        }
      }
    }
    throw new SocketTimeoutException("no answer to " + what + " within " + socket.getSoTimeout() + " ms (sent twice)");
  }
}
