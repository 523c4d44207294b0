package com.torrust.operator.converge;

import com.torrust.operator.host.CommandResult;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.ShellWords;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.observe.ObservationScript;
import com.torrust.operator.observe.OwnerMarker;
import java.time.Duration;

/**
 * The owner marker on a host, {@value #MARKER}: which TrackerDeployment ("namespace/name") converges
 * it. Written by the first converge, checked before every converge and every teardown, so a second
 * resource that names the same host (from another namespace, another cluster, or with a stale cache)
 * never writes to it nor stops its services. Root-owned outside every directory a container can write.
 */
public final class HostClaim {

  public static final String MARKER = ObservationScript.OWNER_MARKER;
  private static final int MAX_OWNER = ObservationScript.MAX_OWNER;

  /** What the marker says about this owner. */
  public sealed interface Verdict {
    /** The marker names this owner (written now, or earlier). */
    record Mine() implements Verdict {}

    /** No marker and none written (a look that only reads, or a teardown). */
    record Unclaimed() implements Verdict {}

    /** The marker names someone else. */
    record ClaimedBy(String owner) implements Verdict {}

    /** The marker could not be read as one: a link, not a regular file, or garbage. A finding, never "mine". */
    record Unreadable(String why) implements Verdict {}
  }

  private HostClaim() {}

  /**
   * The script: prints "owner NAME" (after writing the marker, when {@code claim} and there is none),
   * "none", or "odd WHY". The marker is written atomically (a temporary file renamed over it), never
   * through a link; it is read by the same function as every check reads it.
   */
  public static String script(String owner, boolean claim) {
    requireOwner(owner);
    String dir = MARKER.substring(0, MARKER.lastIndexOf('/'));
    return "{\nset -e\n" + SshConnection.SCRIPT_ENVIRONMENT + ObservationScript.OWNER_MARKER_FUNCTION
        + (claim
            // Written only where the reading says "none": no marker, and no link where it or its folder goes.
            ? "if [ \"$(owner_marker)\" = none ]; then umask 022; mkdir -p " + dir
                + "; t=$(mktemp " + dir + "/.owner.XXXXXX); printf '%s\\n' " + ShellWords.quote(owner) + " > \"$t\"; mv -f \"$t\" " + MARKER + "; fi\n"
            : "")
        + "owner_marker\n"
        + "}\n";
  }

  /**
   * What the check's own look at the marker says (the observation reads it), or null when that look
   * could not read it: then {@link #check} asks.
   */
  public static Verdict seen(Observation observation, String owner) {
    return observation.ownerMarker() == null ? null : decide(observation.ownerMarker(), owner);
  }

  /** An owner goes into a shell script and a file: namespace/name as Kubernetes spells them, nothing else. */
  private static void requireOwner(String owner) {
    if (owner.length() > MAX_OWNER || !owner.matches("[a-z0-9.-]+/[a-z0-9.-]+")) {
      throw new IllegalArgumentException("an owner is namespace/name");
    }
  }

  /** Pure: the script's output as a verdict for {@code owner} (read by {@link OwnerMarker}). Anything unexpected is Unreadable. */
  public static Verdict decide(String output, String owner) {
    OwnerMarker marker = OwnerMarker.read(output);
    if (marker instanceof OwnerMarker.Owner named) {
      return named.name().equals(owner) ? new Verdict.Mine() : new Verdict.ClaimedBy(named.name());
    }
    return marker instanceof OwnerMarker.Unreadable unreadable ? new Verdict.Unreadable(unreadable.why()) : new Verdict.Unclaimed();
  }

  /** Removes the marker if it names {@code owner} (the services were stopped: the host is free for another resource). */
  public static void release(SshConnection connection, String owner) throws HostAccessException {
    requireOwner(owner);
    connection.run("{\n" + SshConnection.SCRIPT_ENVIRONMENT + "m=" + MARKER + "\n"
        + "if [ -f \"$m\" ] && [ ! -L \"$m\" ] && [ \"$(head -c " + (MAX_OWNER + 1) + " \"$m\" | head -n 1)\" = " + ShellWords.quote(owner)
        + " ]; then rm -f \"$m\"; fi\n}\n", Duration.ofSeconds(30));
  }

  /** Reads the marker and, when {@code claim} and there is none, writes it for {@code owner}. */
  public static Verdict check(SshConnection connection, String owner, boolean claim) throws HostAccessException {
    CommandResult result = connection.run(script(owner, claim), Duration.ofSeconds(30));
    if (result.exitCode() != 0) {
      return new Verdict.Unreadable("the check of " + MARKER + " failed (exit " + result.exitCode() + ")");
    }
    return decide(result.stdout(), owner);
  }
}
