package com.torrust.operator.observe;

import java.util.List;

/**
 * Effective sshd settings ({@code sshd -T}); values lowercased as sshd prints them, null when unknown.
 *
 * @param kbdInteractiveAuthentication with {@code usePam} yes, PAM asks for a password this way even
 *     when PasswordAuthentication is no
 * @param passwordMatches the {@code Match} lines of the configuration whose blocks let passwords (or
 *     root with a password) in: {@code sshd -T} shows the settings outside every Match block only
 */
public record SshdSettings(
    List<Integer> ports, String passwordAuthentication, String permitRootLogin, String kbdInteractiveAuthentication, String usePam,
    List<String> passwordMatches) {

  public SshdSettings {
    ports = List.copyOf(ports);
    passwordMatches = List.copyOf(passwordMatches);
  }

  public SshdSettings(List<Integer> ports, String passwordAuthentication, String permitRootLogin) {
    this(ports, passwordAuthentication, permitRootLogin, null, null, List.of());
  }
}
