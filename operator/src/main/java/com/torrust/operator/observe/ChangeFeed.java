package com.torrust.operator.observe;

import com.torrust.operator.host.SshConnection;
import java.time.Duration;

/**
 * A cheap watch on a host between two checks: a remote loop that prints, every interval, a checksum
 * of what drift is made of (listening sockets, containers with their state and published ports, UFW's
 * rule and configuration files, the kernel's INPUT chain). When the checksum changes, something a
 * check would look at changed: the operator reconciles that resource at once instead of at its next
 * resync. The loop prints every time, not only on change, so that it dies of SIGPIPE as soon as the
 * operator closes the session, and so that a silent feed can be told from a quiet host.
 */
public final class ChangeFeed {

  private ChangeFeed() {}

  /** The remote loop; {@code interval} is rounded to whole seconds, at least one. */
  public static String script(Duration interval) {
    long seconds = Math.max(1, interval.toSeconds());
    return SshConnection.SCRIPT_ENVIRONMENT
        + "while :; do\n"
        + "  { ss -H -tuln; docker ps -a --no-trunc --format '{{.ID}} {{.State}} {{.Ports}}';"
        + " cat /etc/ufw/user.rules /etc/ufw/user6.rules /etc/ufw/ufw.conf /etc/default/ufw; iptables -S INPUT; } 2>/dev/null | cksum"
        + " || exit 0\n"
        + "  sleep " + seconds + "\n"
        + "done\n";
  }

  /** Tells a change from the lines of one feed: the first line is the baseline, not a change. */
  public static final class Detector {
    private String last;

    /** Whether this line differs from the one before it (never for the first line or a blank one). */
    public synchronized boolean changed(String line) {
      String value = line == null ? "" : line.strip();
      if (value.isEmpty()) {
        return false;
      }
      boolean changed = last != null && !last.equals(value);
      last = value;
      return changed;
    }
  }
}
