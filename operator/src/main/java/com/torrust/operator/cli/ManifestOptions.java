package com.torrust.operator.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of the commands that take a TrackerDeployment manifest and its Secrets. */
final class ManifestOptions {

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
      description = "Manifest with the TrackerDeployment (and optionally its Secrets); '-' reads standard input.")
  String file;

  @Option(names = "--secrets-dir", paramLabel = "DIR",
      description = "Folder laid out like a mounted Secret: DIR/SECRET-NAME/KEY holds one value.")
  Path secretsDir;

  @Option(names = "--name", paramLabel = "NAME",
      description = "Which TrackerDeployment to use when the file holds more than one.")
  String name;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where apply keeps the values it generates (API admin token, MySQL root password, scrape token) and check"
          + " reads them: DIR/HOST/NAME-generated/KEY, mode 0600 (default: $XDG_STATE_HOME/tracker-operator, else"
          + " ~/.local/state/tracker-operator).")
  Path stateDir;

  DeploymentInput.Loaded load(DeploymentInput.Generated generated) throws DeploymentInput.RefusedException {
    return DeploymentInput.load(file, name, secretsDir, generated, StateDir.orDefault(stateDir));
  }
}
