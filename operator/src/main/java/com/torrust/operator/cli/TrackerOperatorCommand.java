package com.torrust.operator.cli;

import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tracker-operator} command line: the operator itself and the one-shot tools around it. */
@Command(
    name = "tracker-operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Deploys Torrust BitTorrent trackers on virtual machines and keeps them as their TrackerDeployment"
          + " resource describes: firewall, files and services converged over SSH, drift reported.",
      ""
    },
    subcommands = {RunCommand.class, ValidateCommand.class, RenderCommand.class, CheckCommand.class, ProbeCommand.class, ApplyCommand.class, CommandLine.HelpCommand.class,
        picocli.AutoComplete.GenerateCompletion.class},
    footer = {
      "",
      "Exit codes: 0 success, 1 drift or findings, 2 invalid input (usage, file, spec, an address that may not be"
          + " used) or a failed action, 3 a host that cannot be worked with (unreachable, authentication or host key"
          + " refused).",
      "Documentation: README.md and docs/ in the source repository."
    })
public final class TrackerOperatorCommand implements Runnable {

  /** Exit code for input the operator refuses: bad usage, unreadable file, invalid spec, an address it may not use. */
  public static final int EXIT_INVALID_INPUT = CommandLine.ExitCode.USAGE;

  /** Exit code for a host that could not be worked with: unreachable, authentication or host key refused, a command cut. */
  public static final int EXIT_HOST = 3;

  /** The exit code of a host access failure: an address refused by policy is input, the rest is the host. */
  static int exitFor(com.torrust.operator.host.HostAccessException e) {
    return e.reason() == com.torrust.operator.host.HostAccessException.Reason.AddressNotAllowed ? EXIT_INVALID_INPUT : EXIT_HOST;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // No subcommand: show what there is to do rather than doing nothing silently.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    // picocli already exits with 2 (ExitCode.USAGE) on bad usage, the same code as an invalid spec.
    return new CommandLine(new TrackerOperatorCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    int exitCode = commandLine().execute(args);
    // log4j's own shutdown hook is off (see log4j2.xml): logging stops here, after the command.
    LogManager.shutdown();
    System.exit(exitCode);
  }
}
