package com.torrust.operator.observe;

import com.torrust.operator.api.Protocol;

/** A container port published on the host, as {@code docker ps} shows it. */
public record PublishedPort(String hostAddress, int hostPort, int containerPort, Protocol protocol) {

  public boolean loopback() {
    return hostAddress.startsWith("127.") || hostAddress.equals("::1");
  }
}
