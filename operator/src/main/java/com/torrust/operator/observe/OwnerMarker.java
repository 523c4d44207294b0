package com.torrust.operator.observe;

import static com.torrust.operator.observe.ObservationScript.OWNER_MARKER;

/**
 * What the owner marker's look printed ({@link ObservationScript#OWNER_MARKER_FUNCTION}), read
 * strictly. Shared by the claim (converge.HostClaim) and the drift findings, so both read it alike.
 */
public sealed interface OwnerMarker {

  /** No marker on the host. */
  record None() implements OwnerMarker {}

  /** The marker names a TrackerDeployment as namespace/name. */
  record Owner(String name) implements OwnerMarker {}

  /** A link, not a regular file, or an answer not understood; {@code why} is in our words, never the host's. */
  record Unreadable(String why) implements OwnerMarker {}

  /** Pure: the look's output. Anything unexpected is Unreadable. */
  static OwnerMarker read(String output) {
    String text = output.strip();
    if (text.equals("none")) {
      return new None();
    }
    if (text.equals("odd a symbolic link")) {
      return new Unreadable(OWNER_MARKER + " is a symbolic link");
    }
    if (text.equals("odd not a regular file")) {
      return new Unreadable(OWNER_MARKER + " is not a regular file");
    }
    if (text.startsWith("owner ") && !text.contains("\n")) {
      String named = text.substring(6).strip();
      return named.matches("[a-z0-9.-]{1,253}/[a-z0-9.-]{1,253}")
          ? new Owner(named)
          : new Unreadable(OWNER_MARKER + " does not name a TrackerDeployment as namespace/name");
    }
    return new Unreadable("the check of " + OWNER_MARKER + " printed something unexpected");
  }
}
