package com.torrust.operator.observe;

import com.torrust.operator.api.Protocol;
import java.util.List;

/**
 * Whose listening sockets a check has to name. Naming costs {@code ss -p}, which reads the file
 * descriptors of every process on the host: on a busy host the largest part of a check (30 ms with
 * a thousand processes, against 4 ms without names). The drift engine needs an owner only for a
 * socket it may report: one on a non-loopback address that is neither a port a container publishes
 * (reported through the container) nor sshd's configured port (sshd listens there: the check came
 * in through it). A converged host has none, so its check is one round trip; any other socket costs
 * a second, {@code ss -H -tulpn}, and then every owner is the one {@code ss} names.
 */
final class ListenerOwners {

  private ListenerOwners() {}

  /** The sockets whose owner only {@code ss -p} can tell, and the drift engine may need. */
  static List<ListeningSocket> unnamed(Observation observed) {
    return observed.sockets().stream()
        .filter(s -> s.process() == null && !s.loopback() && !observed.publishedByContainer(s) && !sshdPort(s, observed.sshd()))
        .toList();
  }

  /** The sockets on sshd's configured ports marked as sshd's (named without {@code ss -p}, so without a pid). */
  static List<ListeningSocket> withSshd(List<ListeningSocket> sockets, SshdSettings sshd) {
    return sockets.stream().map(s -> s.process() == null && sshdPort(s, sshd) ? s.ownedBy("sshd") : s).toList();
  }

  private static boolean sshdPort(ListeningSocket socket, SshdSettings sshd) {
    return socket.protocol() == Protocol.TCP && sshd != null && sshd.ports().contains(socket.port());
  }
}
