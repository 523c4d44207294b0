package com.torrust.operator.observe;

import java.util.List;

/** Effective sshd settings ({@code sshd -T}); values lowercased as sshd prints them, null when unknown. */
public record SshdSettings(List<Integer> ports, String passwordAuthentication, String permitRootLogin) {

  public SshdSettings {
    ports = List.copyOf(ports);
  }
}
