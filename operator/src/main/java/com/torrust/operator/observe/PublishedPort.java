package com.torrust.operator.observe;

import com.torrust.operator.api.Protocol;

/** A container port published on the host, as {@code docker ps} shows it. */
public record PublishedPort(String hostAddress, int hostPort, int containerPort, Protocol protocol) {

  public boolean loopback() {
    return hostAddress.startsWith("127.") || hostAddress.equals("::1");
  }

  /**
   * Whether a listening socket is this port's: the one docker-proxy holds for it (with Docker's
   * userland proxy on). Same protocol and port, and the same address or both every address.
   */
  public boolean heldBy(ListeningSocket socket) {
    return socket.protocol() == protocol && socket.port() == hostPort
        && (socket.address().equals(hostAddress) || (ListeningSocket.anyAddress(hostAddress) && socket.anyAddress()));
  }
}
