package com.torrust.operator.drift;

import com.torrust.operator.observe.SshdSettings;
import java.util.ArrayList;
import java.util.List;

/** sshd's effective settings against the security checklist: keys only, no root password login. */
final class SshdDrift {

  private SshdDrift() {}

  static List<Finding> findings(SshdSettings sshd) {
    List<Finding> out = new ArrayList<>();
    if ("yes".equals(sshd.passwordAuthentication())) {
      out.add(new Finding(DriftKind.SshPasswordAuthEnabled, Severity.Critical, null, null, null, "sshd",
          "sshd accepts password logins (PasswordAuthentication yes): set it to no, keys only."));
    }
    if ("yes".equals(sshd.permitRootLogin())) {
      out.add(new Finding(DriftKind.SshRootLoginPermitted, Severity.Critical, null, null, null, "sshd",
          "sshd lets root log in with a password (PermitRootLogin yes): set it to prohibit-password or no."));
    }
    if ("yes".equals(sshd.kbdInteractiveAuthentication()) && "yes".equals(sshd.usePam())) {
      out.add(new Finding(DriftKind.SshPasswordAuthEnabled, Severity.Critical, null, null, null, "sshd",
          "sshd accepts passwords through PAM's keyboard-interactive login (KbdInteractiveAuthentication yes, UsePAM yes),"
              + " whatever PasswordAuthentication says: set KbdInteractiveAuthentication no."));
    }
    for (String match : sshd.passwordMatches()) {
      out.add(new Finding(DriftKind.SshPasswordAuthEnabled, Severity.Critical, null, null, null, "sshd",
          "sshd accepts passwords (or root with a password) for connections of '" + match + "': remove those settings from the Match block."));
    }
    return out;
  }
}
