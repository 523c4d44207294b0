package com.torrust.operator.cli;

import com.torrust.operator.converge.Action;
import com.torrust.operator.converge.ConvergeException;
import com.torrust.operator.converge.ConvergePlan;
import com.torrust.operator.converge.ConvergePlanner;
import com.torrust.operator.converge.Converger;
import com.torrust.operator.converge.Step;
import com.torrust.operator.drift.DriftEngine;
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
import java.util.concurrent.atomic.AtomicBoolean;
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
          + " 2 invalid input, host unreachable, authentication or host key failure, or an action failed."
    })
final class ApplyCommand implements Callable<Integer> {

  @CommandLine.Mixin ManifestOptions manifest;

  @CommandLine.Mixin HostOptions hostOptions;

  @Option(names = "--dry-run", description = "Print the actions and change nothing.")
  boolean dryRun;

  @Option(names = "--wait", defaultValue = "120", paramLabel = "SECONDS", description = "How long to wait for the services to be up (default 120).")
  int waitSeconds;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    HostOptions.HostInput loaded;
    try {
      loaded = hostOptions.load(manifest);
    } catch (DeploymentInput.RefusedException e) {
      e.lines().forEach(err::println);
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    DeploymentInput.Loaded input = loaded.input();
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
      if (!plan.actions(Step.Packages).isEmpty()) {
        // With the packages in place, the firewall and services can be planned from what is now there.
        Converger.apply(connection, new ConvergePlan(plan.actions(Step.Packages), List.of()), line -> out.println("  " + line));
        plan = ConvergePlanner.plan(desired, HostObserver.observe(connection, paths), input.deployment().getSpec().drift().ignore());
        plan.refusals().forEach(r -> err.println("warning: " + r));
        plan = new ConvergePlan(plan.actions().stream().filter(a -> a.step() != Step.Packages).toList(), plan.refusals());
      }
      List<Converger.StepResult> steps = Converger.apply(connection, plan, line -> out.println("  " + line));
      // One wait: it returns after a single look when everything is up, and reports only if it had to wait.
      long waitStart = System.nanoTime();
      AtomicBoolean waited = new AtomicBoolean();
      List<String> notUp = Converger.waitForServices(connection, desired, paths, Duration.ofSeconds(waitSeconds), line -> {
        waited.set(true);
        out.println("  " + line);
      });
      if (steps.stream().anyMatch(s -> s.step() == Step.Services) || waited.get()) {
        out.println(String.format(Locale.ROOT, "  %-9s %s in %.2f s", "Health", notUp.isEmpty() ? "all services up" : "NOT up: " + String.join(", ", notUp),
            (System.nanoTime() - waitStart) / 1e9));
      }
      List<Finding> drift = DriftEngine.findings(desired, HostObserver.observe(connection, paths), input.deployment().getSpec().drift().ignore());
      out.println(String.format(Locale.ROOT, "Done in %.2f s.", (System.nanoTime() - started) / 1e9));
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
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    } catch (ConvergeException e) {
      err.println("error: " + e.getMessage());
      err.println("The host is partly converged; every file is either old or new, never partial. Fix the cause and apply again.");
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
  }
}
