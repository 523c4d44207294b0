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

  DeploymentInput.Loaded load(boolean makeUpGenerated) throws DeploymentInput.RefusedException {
    return DeploymentInput.load(file, name, secretsDir, makeUpGenerated);
  }
}
