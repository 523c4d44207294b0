package com.torrust.operator.observe;

import com.torrust.operator.api.Protocol;

/** A socket listening on the host (a line of {@code ss -H -tulpn}). Address "*" means every address. */
public record ListeningSocket(Protocol protocol, String address, int port, String process, Integer pid) {

  public boolean loopback() {
    return address.startsWith("127.") || address.equals("::1");
  }

  /** "process (pid N)", for findings. */
  public String source() {
    return (process == null ? "unknown process" : process) + (pid == null ? "" : " (pid " + pid + ")");
  }
}
