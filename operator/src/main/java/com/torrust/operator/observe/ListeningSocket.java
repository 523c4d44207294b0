package com.torrust.operator.observe;

import com.torrust.operator.api.Protocol;

/**
 * A socket listening on the host (a line of {@code ss -H -tuln}, or {@code -tulpn} when its owner was
 * asked for: see {@link ListenerOwners}). Address "*" means every address; process and pid are null
 * when not known.
 */
public record ListeningSocket(Protocol protocol, String address, int port, String process, Integer pid) {

  public boolean loopback() {
    return address.startsWith("127.") || address.equals("::1");
  }

  /** Bound to every address of a family (0.0.0.0, ::) or of both (*). */
  public boolean anyAddress() {
    return anyAddress(address);
  }

  static boolean anyAddress(String address) {
    return address.equals("0.0.0.0") || address.equals("::") || address.equals("*");
  }

  /** The same socket with its owner named. */
  ListeningSocket ownedBy(String owner) {
    return new ListeningSocket(protocol, address, port, owner, pid);
  }

  /** "process (pid N)", for findings. */
  public String source() {
    return (process == null ? "unknown process" : process) + (pid == null ? "" : " (pid " + pid + ")");
  }
}
