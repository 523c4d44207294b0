package com.torrust.operator.converge;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.observe.HostObserver;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The owner marker as the claim writes it and as every check reads it: the same verdict both ways,
 * on a real host, so a steady reconcile can trust its one look and skip the second command.
 */
@ExtendWith(SandboxHosts.class)
class HostClaimTest {

  @Test
  void theCheckReadsTheMarkerAsTheClaimDoesAndALinkIsNeverMine(SandboxHost host) throws Exception {
    try (SshConnection connection = SshConnection.open(new SshTarget(host.address(), host.sshPort(), host.user(),
        Files.readString(host.sshKey()), HostKeyPin.parse(host.hostKeyFingerprint())))) {
      assertThat(HostClaim.seen(look(connection), "team-a/tracker")).isEqualTo(new HostClaim.Verdict.Unclaimed());
      assertThat(HostClaim.check(connection, "team-a/tracker", false)).as("a look that only reads writes nothing")
          .isEqualTo(new HostClaim.Verdict.Unclaimed());

      assertThat(HostClaim.check(connection, "team-a/tracker", true)).isEqualTo(new HostClaim.Verdict.Mine());
      assertThat(host.shell("cat " + HostClaim.MARKER)).isEqualTo("team-a/tracker\n");
      assertThat(HostClaim.seen(look(connection), "team-a/tracker")).isEqualTo(new HostClaim.Verdict.Mine());
      assertThat(HostClaim.seen(look(connection), "team-b/tracker")).isEqualTo(new HostClaim.Verdict.ClaimedBy("team-a/tracker"));
      assertThat(HostClaim.check(connection, "team-b/tracker", true)).isEqualTo(new HostClaim.Verdict.ClaimedBy("team-a/tracker"));

      // The marker swapped for a link (say, to a file in a folder a container writes): never "mine", nothing written through it.
      // (The sandbox host's /var/lib/tracker-operator is a mount point of its own: the link is the marker, not its folder.)
      host.shell("mkdir -p /srv/elsewhere && echo team-a/tracker > /srv/elsewhere/owner && ln -sf /srv/elsewhere/owner " + HostClaim.MARKER);
      assertThat(HostClaim.seen(look(connection), "team-a/tracker")).isEqualTo(new HostClaim.Verdict.Unreadable(HostClaim.MARKER + " is a symbolic link"));
      assertThat(HostClaim.check(connection, "team-a/tracker", true)).isInstanceOf(HostClaim.Verdict.Unreadable.class);
      host.shell("rm /srv/elsewhere/owner");
      assertThat(HostClaim.seen(look(connection), "team-b/tracker")).as("a dangling link").isInstanceOf(HostClaim.Verdict.Unreadable.class);
      assertThat(HostClaim.check(connection, "team-b/tracker", true)).isInstanceOf(HostClaim.Verdict.Unreadable.class);
      assertThat(host.shell("ls -A /srv/elsewhere")).as("nothing written through the link").isEmpty();

      // A folder where the marker should be a file.
      host.shell("rm " + HostClaim.MARKER + " && mkdir " + HostClaim.MARKER);
      assertThat(HostClaim.seen(look(connection), "team-a/tracker"))
          .isEqualTo(new HostClaim.Verdict.Unreadable(HostClaim.MARKER + " is not a regular file"));
    }
  }

  @Test
  void aLookThatCouldNotReadTheMarkerDecidesNothing() {
    Observation unread = new Observation(null, null, List.of(), List.of(), java.util.Map.of(), null, null, null, List.of(), List.of());
    assertThat(HostClaim.seen(unread, "team-a/tracker")).as("then the claim asks").isNull();
    assertThat(HostClaim.decide("owner team-a/tracker\nmore", "team-a/tracker")).isInstanceOf(HostClaim.Verdict.Unreadable.class);
    assertThat(HostClaim.decide("owner ../../etc", "team-a/tracker")).isInstanceOf(HostClaim.Verdict.Unreadable.class);
  }

  private static Observation look(SshConnection connection) throws Exception {
    return HostObserver.observe(connection, List.of());
  }
}
