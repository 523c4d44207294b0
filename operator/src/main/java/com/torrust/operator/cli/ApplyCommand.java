package com.torrust.operator.cli;

import com.torrust.operator.converge.Action;
import com.torrust.operator.converge.ConvergeException;
import com.torrust.operator.converge.ConvergePlan;
import com.torrust.operator.converge.ConvergePlanner;
import com.torrust.operator.converge.Convergence;
import com.torrust.operator.converge.Step;
import com.torrust.operator.drift.Finding;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.HostKeys;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.observe.HostObserver;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.render.DesiredHostState;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Converges a host once to its TrackerDeployment: what the old tool did with configure + release + run. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Make the host of a TrackerDeployment match it, changing only what differs: UFW (SSH rule first, never"
          + " cutting this connection), directories and files (written atomically), and the compose services"
          + " (up, and restarts of those whose files changed), then wait for them to be up. Re-runnable at any time.",
      "Containers and processes the deployment does not own are never touched: they stay reported as drift."
    },
    footer = {
      "",
      "Exit codes: 0 the host matches the spec, 1 drift remains (or, with --dry-run, there is something to do),"
          + " 2 invalid input or an action failed, 3 host unreachable, authentication or host key failure."
    })
final class ApplyCommand implements Callable<Integer> {

  @CommandLine.Mixin ManifestOptions manifest;

  @CommandLine.Mixin HostOptions hostOptions;

  @Option(names = "--dry-run", description = "Print the actions and change nothing.")
  boolean dryRun;

  @Option(names = "--wait", defaultValue = "120", paramLabel = "SECONDS", description = "How long to wait for the services to be up (default 120).")
  int waitSeconds;

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
      description = "text (default), json or yaml: with json or yaml the progress goes to standard error and the result, one document,"
          + " to standard output.")
  OutputFormat format;

  /**
   * The result for programs (-o json|yaml). Stable: fields are only ever added.
   *
   * @param actions what ran (or, with --dry-run, would run), "Step: description"
   */
  record Report(String deployment, String host, boolean dryRun, List<String> actions, List<String> refusals, List<String> notUp,
      List<com.torrust.operator.api.ImageStatus> images, List<Finding> drift, double seconds) {}

  @Option(names = "--accept-images", description = "Record the images the services run now as the deployed ones: a tag that"
      + " moved to another image (ImageChanged) is accepted. Without it, the record changes only when the spec's image changes.")
  boolean acceptImages;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    // What the host says reaches a person's terminal: control characters are shown, never obeyed.
    PrintWriter stdout = Terminal.safe(spec.commandLine().getOut());
    PrintWriter err = Terminal.safe(spec.commandLine().getErr());
    // With a format for programs, standard output carries the one document and nothing else.
    PrintWriter out = format == OutputFormat.text ? stdout : err;
    HostOptions.HostInput loaded;
    try {
      loaded = hostOptions.load(manifest, DeploymentInput.Generated.KEPT);
    } catch (DeploymentInput.RefusedException e) {
      e.lines().forEach(err::println);
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    DeploymentInput.Loaded input = loaded.input();
    if (input.keptIn() != null) {
      out.println("Generated " + String.join(", ", input.generated()) + "; kept in " + input.keptIn()
          + " (readable by you only), where check and the next apply find them.");
    }
    SshTarget target = loaded.target();
    HostKeyPin pin = target.pin();
    DesiredHostState desired = input.desired();
    List<String> paths = ConvergePlanner.observedPaths(desired);
    long started = System.nanoTime();
    try (SshConnection connection = SshConnection.open(target)) {
      if (pin == null) {
        out.println("Host key " + HostKeys.fingerprint(connection.hostKey()) + " accepted without a pin; pin it: " + HostKeys.line(connection.hostKey()));
      }
      Observation observed = HostObserver.observe(connection, paths);
      ConvergePlan plan = ConvergePlanner.plan(desired, observed, input.deployment().getSpec().drift().ignore());
      plan.refusals().forEach(r -> err.println("warning: " + r));
      List<String> planned = plan.actions().stream().map(Action::toString).toList();
      if (dryRun && format != OutputFormat.text) {
        format.write(stdout, new Report(input.name(), target.toString(), true, planned, plan.refusals(), List.of(), List.of(), List.of(),
            seconds(started)));
        return plan.nothingToDo() && plan.refusals().isEmpty() ? 0 : 1;
      }
      if (dryRun) {
        if (plan.nothingToDo()) {
          out.println("Nothing to do: the parts of " + target + " the operator owns match TrackerDeployment " + input.name() + ".");
          return plan.refusals().isEmpty() ? 0 : 1;
        }
        out.println(plan.actions().size() + " action" + (plan.actions().size() == 1 ? "" : "s") + " would run on " + target + ":");
        for (Action action : plan.actions()) {
          out.println("  " + action);
        }
        return 1;
      }
      out.println("Applying TrackerDeployment " + input.name() + " to " + target + ": " + plan.actions().size() + " actions");
      Convergence.Result result = Convergence.converge(connection, desired, input.deployment().getSpec().drift().ignore(), observed,
          Duration.ofSeconds(waitSeconds), acceptImages ? "cli-" + java.time.Instant.now().getEpochSecond() : null, line -> out.println("  " + line));
      if (result.steps().stream().anyMatch(s -> s.step() == Step.Services) || result.waited()) {
        out.println(String.format(Locale.ROOT, "  %-9s %s in %.2f s", "Health",
            result.notUp().isEmpty() ? "all services up" : "NOT up: " + String.join(", ", result.notUp()), result.healthWait().toNanos() / 1e9));
      }
      List<Finding> drift = result.drift();
      out.println(String.format(Locale.ROOT, "Done in %.2f s.", (System.nanoTime() - started) / 1e9));
      if (format != OutputFormat.text) {
        format.write(stdout, new Report(input.name(), target.toString(), false, planned, result.refusals(), result.notUp(),
            com.torrust.operator.drift.ImageDrift.statuses(desired.plan(), result.after()), drift, seconds(started)));
        return drift.isEmpty() ? 0 : 1;
      }
      if (drift.isEmpty()) {
        out.println("No drift: the host matches TrackerDeployment " + input.name() + ".");
        return 0;
      }
      out.println(drift.size() + " finding" + (drift.size() == 1 ? "" : "s") + " remain (the operator does not own them, or they need a person):");
      for (Finding f : drift) {
        out.println("  " + f.severity().name().toUpperCase(Locale.ROOT) + " " + f.kind() + ": " + f.message());
      }
      return 1;
    } catch (HostAccessException e) {
      err.println("error: " + e.reason() + ": " + e.getMessage());
      return TrackerOperatorCommand.exitFor(e);
    } catch (ConvergeException e) {
      err.println("error: " + e.getMessage());
      err.println("The host is partly converged; every file is either old or new, never partial. Fix the cause and apply again.");
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
  }

  private static double seconds(long started) {
    return Math.round((System.nanoTime() - started) / 1e7) / 100.0;
  }
}
