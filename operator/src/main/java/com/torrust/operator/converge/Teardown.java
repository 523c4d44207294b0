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

  /** What stopping did: how many containers were removed, or why it failed (null when it did not). */
  public record Stopped(int containers, String error) {}

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
