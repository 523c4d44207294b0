package com.torrust.operator.observe;

import com.torrust.operator.host.SshConnection;
import java.time.Duration;
import java.util.Locale;

/**
 * A cheap watch on a host between two checks: a remote program that prints a line when something a
 * check looks at may have changed, and the operator reconciles that resource at once instead of at its
 * next resync.
 *
 * <p>Driven by events where the host gives them, so that a host at rest costs next to nothing: Docker's
 * event stream for containers (started, died, removed, paused, renamed, updated, health changed),
 * inotify on UFW's files ({@code inotifywait}, when installed) and nftables' monitor for the kernel's
 * rules (when {@code nft} is installed and iptables uses nf_tables). The kernel has no event for a new
 * listening socket, but it keeps counts of the sockets in use per protocol ({@code /proc/net/sockstat},
 * a few lines, cheap to read, unlike the socket tables, for which the kernel walks its whole hash
 * table): they are read every {@value #COUNT_TICK_MILLIS} ms, and a change in them (a socket bound,
 * a connection opened or closed) makes the program read the tables ({@code /proc/net/{tcp,udp}{,6}}) at
 * once and compare their listeners. The tables are also read every interval, for a swap that leaves the
 * counts as they were. All of it with shell built-ins only (no program started); UFW's files the same
 * way every heartbeat when inotify is missing; the INPUT chain with {@code iptables -S} every
 * {@value #RULES_EVERY_BEATS} heartbeats when the monitor is missing. A burst of events (a compose up,
 * a UFW reload) becomes one line after 0.2 s of quiet.
 *
 * <p>Lines: {@code .} at start (baselines taken) and then every heartbeat, {@code ! WHAT...} on a change.
 * The heartbeat is also how the program notices that the operator went away: the write fails, and it
 * stops its event sources and exits (closing the stream also sends SIGTERM, which usually ends it at once). Needs bash; without it the feed falls back to the polling loop
 * ({@link #pollingScript}), which prints a checksum every interval.
 */
public final class ChangeFeed {

  /**
   * How often a feed at rest says it is alive and learns whether anyone still listens: a closed
   * session ends it at the latest then (the SIGTERM sent on close usually ends it at once, but the
   * host's sshd does not always deliver it).
   */
  public static final Duration HEARTBEAT = Duration.ofSeconds(5);
  /** Without nft monitor, the INPUT chain is read every this many heartbeats (30 s: one iptables each). */
  static final int RULES_EVERY_BEATS = 6;
  /** How often the socket counts are read (or the interval, when that is shorter). */
  static final long COUNT_TICK_MILLIS = 750;

  private ChangeFeed() {}

  /** The remote program with the default heartbeat. */
  public static String script(Duration interval) {
    return script(interval, HEARTBEAT);
  }

  /**
   * The remote program: {@code interval} is how often the socket tables are read whatever the counts
   * say, at least 0.1 s; the counts are read every
   * {@value #COUNT_TICK_MILLIS} ms or every interval if that is shorter (the tick); {@code heartbeat} and
   * the interval are rounded to whole ticks, at least one; UFW's files, without inotify, are read every
   * heartbeat, the INPUT chain, without nft monitor, every {@value #RULES_EVERY_BEATS} heartbeats.
   */
  public static String script(Duration interval, Duration heartbeat) {
    return script(interval, heartbeat, Duration.ofMillis(COUNT_TICK_MILLIS));
  }

  /**
   * The remote program with the counts read every {@code countTick} (benchmarks: a tick as long as the
   * interval is the program before the counts, which read the tables every interval and nothing between).
   */
  public static String script(Duration interval, Duration heartbeat, Duration countTick) {
    long millis = Math.max(100, interval.toMillis());
    long tickMillis = Math.min(Math.max(100, countTick.toMillis()), millis);
    long beats = Math.max(1, Math.round((double) heartbeat.toMillis() / tickMillis));
    long look = Math.max(1, Math.round((double) millis / tickMillis));
    String tick = String.format(Locale.ROOT, "%d.%03d", tickMillis / 1000, tickMillis % 1000);
    return SshConnection.SCRIPT_ENVIRONMENT
        + "if command -v bash >/dev/null 2>&1; then\n"
        + "exec bash -s " + tick + " " + beats + " " + RULES_EVERY_BEATS + " " + look + " <<'FEED'\n"
        + EVENTS
        + "FEED\n"
        + "fi\n"
        + pollingLoop(interval);
  }

  /** The feed without events (hosts without bash): a checksum of everything every interval. */
  public static String pollingScript(Duration interval) {
    return SshConnection.SCRIPT_ENVIRONMENT + pollingLoop(interval);
  }

  private static String pollingLoop(Duration interval) {
    long seconds = Math.max(1, interval.toSeconds());
    return "while :; do\n"
        + "  { ss -H -tuln; docker ps -a --no-trunc --format '{{.ID}} {{.State}} {{.Ports}}';"
        + " cat /etc/ufw/user.rules /etc/ufw/user6.rules /etc/ufw/ufw.conf /etc/default/ufw; iptables -S INPUT; } 2>/dev/null | cksum"
        + " || exit 0\n"
        + "  sleep " + seconds + "\n"
        + "done\n";
  }

  /**
   * The event-driven program (bash; $1 the tick in seconds, $2 the heartbeat in ticks, $3 the INPUT
   * chain's look in heartbeats, $4 the interval in ticks). Every
   * event source writes a word per event into one pipe that only this program can reach (a FIFO opened
   * and unlinked at once); one relay turns each burst into one line. Nothing in the loop starts a
   * program: the waits are {@code read -t} on a pipe nobody writes, the looks are {@code mapfile} and {@code read}.
   */
  private static final String EVENTS = """
      set -f
      tick=$1 beat=$2 rulesbeat=$3 look=$4
      pids=()
      bye() { trap - EXIT PIPE TERM HUP INT; kill "${pids[@]}" 2>/dev/null; exit 0; }
      trap bye EXIT PIPE TERM HUP INT
      have() { command -v "$1" >/dev/null 2>&1; }
      alive() { [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; }
      exec {nap}<> <(:)
      fifo=/run/tracker-operator-feed.$$
      rm -f "$fifo"
      mkfifo -m 0600 "$fifo" || exit 1
      exec {events}<>"$fifo"
      rm -f "$fifo"
      relay() {
        local line word
        local -A seen
        while read -r line; do
          seen=()
          while :; do
            word=${line%% *}
            case $word in docker|ufw) ;; *) word=firewall ;; esac
            seen[$word]=1
            read -r -t 0.2 line || break
          done
          echo "! ${!seen[*]}" || exit 0
        done
      }
      relay <&"$events" & pids+=($!)
      docker_events() {
        have docker || return 1
        docker events --filter type=container --filter event=start --filter event=die --filter event=destroy \\
          --filter event=pause --filter event=unpause --filter event=rename --filter event=update \\
          --filter event=restart --filter event=health_status --format docker >&"$events" 2>/dev/null </dev/null &
        dpid=$!; pids+=($dpid)
      }
      dpid= ipid= npid=
      docker_events
      if have inotifywait; then
        inotifywait -m -q -e close_write,moved_to,moved_from,create,delete,attrib,delete_self,move_self --format ufw \\
          /etc/ufw /etc/default /etc/default/ufw >&"$events" 2>/dev/null </dev/null &
        ipid=$!; pids+=($ipid)
      fi
      if have nft && [[ $(iptables -V 2>/dev/null) == *nf_tables* ]]; then
        nft monitor >&"$events" 2>/dev/null </dev/null &
        npid=$!; pids+=($npid)
      fi
      sockets() {
        local f line out=""
        local -a rows
        for f in /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6; do
          [[ -r $f ]] || continue
          mapfile -t rows < "$f"
          for line in "${rows[@]:1}"; do
            set -- $line
            case $f:$4 in */tcp*:0A|*/udp*:07) out+="$2 $8 ${10};" ;; esac
          done
        done
        REPLY=$out
      }
      six=; [[ -r /proc/net/sockstat6 ]] && six=1
      counts() { # the sockets in use per protocol: what a new listener changes; two small reads, no loop
        local a= b=
        read -r -d '' a < /proc/net/sockstat
        [[ -n $six ]] && read -r -d '' b < /proc/net/sockstat6
        a+=" $b"
        local t=${a#*TCP: inuse } u=${a#*UDP: inuse } t6=${a#*TCP6: inuse } u6=${a#*UDP6: inuse }
        REPLY="${t%%[!0-9]*} ${u%%[!0-9]*} ${t6%%[!0-9]*} ${u6%%[!0-9]*}"
      }
      files() {
        local f out=""
        local -a rows
        for f in /etc/ufw/user.rules /etc/ufw/user6.rules /etc/ufw/ufw.conf /etc/default/ufw; do
          rows=()
          [[ -r $f ]] && mapfile -t rows < "$f"
          out+="${#rows[@]}:${rows[*]}|"
        done
        REPLY=$out
      }
      rules() { REPLY=$(iptables -S INPUT 2>/dev/null); }
      sleep 0.3 # the event sources subscribe before the baselines are taken
      counts; c0=$REPLY
      sockets; s0=$REPLY
      files; f0=$REPLY
      alive "$npid" || { rules; r0=$REPLY; }
      docker_up=1; alive "$dpid" || docker_up=0
      echo .
      n=0
      while :; do
        read -r -t "$tick" -u "$nap" _
        n=$((n + 1))
        counts # before the tables: a socket bound between the two is in the tables, and counted next tick
        if [[ $REPLY != "$c0" ]] || ((n % look == 0)); then
          c0=$REPLY
          sockets
          [[ $REPLY == "$s0" ]] || { s0=$REPLY; echo '! sockets'; }
        fi
        if ((n % beat == 0)); then
          if ! alive "$ipid"; then
            files
            [[ $REPLY == "$f0" ]] || { f0=$REPLY; echo '! ufw'; }
          fi
          if ((docker_up)) && ! alive "$dpid"; then
            docker_up=0; echo '! docker' # the daemon went away (stopped, restarted, upgraded)
          fi
          echo .
          if ! alive "$npid" && ((n % (beat * rulesbeat) == 0)); then
            rules
            [[ $REPLY == "$r0" ]] || { r0=$REPLY; echo '! firewall'; }
          fi
          if ! ((docker_up)); then
            docker_events && sleep 0.3 && alive "$dpid" && { docker_up=1; echo '! docker'; }
          fi
        fi
      done
      """;

  /**
   * Tells a change from the lines of one feed. {@code ! ...} is a change; any other line is a state (a
   * heartbeat, or the polling loop's checksum): the first is the baseline, a different one a change.
   */
  public static final class Detector {
    private String last;

    /** Whether this line says the host changed (never for the first state line or a blank one). */
    public synchronized boolean changed(String line) {
      String value = line == null ? "" : line.strip();
      if (value.isEmpty()) {
        return false;
      }
      if (value.startsWith("!")) {
        return true;
      }
      boolean changed = last != null && !last.equals(value);
      last = value;
      return changed;
    }
  }
}
