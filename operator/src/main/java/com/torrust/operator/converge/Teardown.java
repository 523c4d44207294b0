package com.torrust.operator.converge;

import com.torrust.operator.host.CommandResult;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.ShellWords;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.render.FileRenderer;

/**
 * What deletionPolicy StopServices does on the host: the deployment's containers are stopped and
 * removed, and its compose networks with them. Files, data directories, volumes and the firewall stay,
 * so a new TrackerDeployment for the host starts from the same data.
 */
public final class Teardown {

  private Teardown() {}

  /**
   * The script: by compose label, so it works with compose v1 and v2 and without the compose file
   * (which may be gone); idempotent.
   */
  public static String stopServicesScript(String project) {
    String label = ShellWords.quote("label=com.docker.compose.project=" + project);
    return "set -e\n" + SshConnection.SCRIPT_ENVIRONMENT
        + "command -v docker >/dev/null 2>&1 || exit 0\n"
        + "ids=$(docker ps -aq --filter " + label + ")\n"
        + "if [ -n \"$ids\" ]; then docker rm -f $ids >/dev/null; fi\n"
        + "nets=$(docker network ls -q --filter " + label + ")\n"
        + "if [ -n \"$nets\" ]; then docker network rm $nets >/dev/null; fi\n"
        + "echo \"removed $(echo $ids | wc -w) containers\"\n";
  }

  /**
   * What stopping did: how many containers were removed, or why it failed (null when it did not).
   *
   * @param claimedBy the owner the host's marker names when it is not this resource: then nothing was stopped
   */
  public record Stopped(int containers, String error, String claimedBy) {
    public Stopped(int containers, String error) {
      this(containers, error, null);
    }
  }

  /**
   * Stops the services only when the host is this owner's (or unclaimed, as hosts converged before the
   * marker existed are), then releases the marker. A host claimed by another resource is left running.
   */
  public static Stopped stopServicesOf(SshConnection connection, String owner) throws HostAccessException {
    HostClaim.Verdict claim = HostClaim.check(connection, owner, false);
    if (claim instanceof HostClaim.Verdict.ClaimedBy other) {
      return new Stopped(0, null, other.owner());
    }
    if (claim instanceof HostClaim.Verdict.Unreadable unreadable) {
      return new Stopped(0, "the host's owner marker cannot be read (" + unreadable.why() + "); nothing was stopped");
    }
    Stopped stopped = stopServices(connection);
    if (stopped.error() == null) {
      HostClaim.release(connection, owner);
    }
    return stopped;
  }

  /** Stops and removes the deployment's containers. */
  public static Stopped stopServices(SshConnection connection) throws HostAccessException {
    CommandResult result = connection.run(stopServicesScript(FileRenderer.COMPOSE_PROJECT), Step.Services.timeout());
    if (result.exitCode() != 0) {
      return new Stopped(0, "stopping the services failed (exit " + result.exitCode() + "): " + result.stderr().strip());
    }
    String count = result.stdout().strip().replaceAll("(?s).*removed ([0-9]+) containers.*", "$1");
    return new Stopped(count.matches("[0-9]+") ? Integer.parseInt(count) : 0, null);
  }
}
