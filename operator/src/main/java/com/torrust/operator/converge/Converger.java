package com.torrust.operator.converge;

import com.torrust.operator.host.CommandResult;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.observe.ContainerInfo;
import com.torrust.operator.observe.HostObserver;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.plan.ComposeService;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Runs a converge plan: one remote command per step, then waits for the services to be up. */
public final class Converger {

  /** What a step did. */
  public record StepResult(Step step, int actions, Duration duration) {}

  private static final String MARK = ":tracker-operator-action:";

  private Converger() {}

  /**
   * Runs the steps in order, except the firewall, which runs alongside files and services on a second
   * session of the same connection: the two touch nothing of each other's (UFW guards SSH and host
   * listeners; Docker-published ports bypass it, so starting services first opens nothing more), and
   * they are the two slow steps (Python's ufw, compose). Every step runs to its end; a failure is
   * reported after both lines finish, the first in step order.
   */
  public static List<StepResult> apply(SshConnection connection, ConvergePlan plan, Consumer<String> progress)
      throws HostAccessException, ConvergeException {
    Consumer<String> serialized = line -> {
      synchronized (progress) {
        progress.accept(line);
      }
    };
    List<StepResult> results = new ArrayList<>();
    runStep(connection, plan, Step.Packages, serialized).ifPresent(results::add);
    // Before the files: when a password cannot be changed in its service, nothing carries the new one.
    runStep(connection, plan, Step.Credentials, serialized).ifPresent(results::add);
    boolean alongside = !plan.actions(Step.Firewall).isEmpty() && (!plan.actions(Step.Files).isEmpty() || !plan.actions(Step.Services).isEmpty());
    if (!alongside) {
      for (Step step : List.of(Step.Firewall, Step.Files, Step.Services)) {
        runStep(connection, plan, step, serialized).ifPresent(results::add);
      }
      return results;
    }
    ExecutorService firewallLine = Executors.newSingleThreadExecutor(r -> new Thread(r, "converge-firewall"));
    try {
      Future<Optional<StepResult>> firewall = firewallLine.submit(() -> runStep(connection, plan, Step.Firewall, serialized));
      Exception servicesFailure = null;
      List<StepResult> servicesLine = new ArrayList<>();
      try {
        runStep(connection, plan, Step.Files, serialized).ifPresent(servicesLine::add);
        runStep(connection, plan, Step.Services, serialized).ifPresent(servicesLine::add);
      } catch (HostAccessException | ConvergeException e) {
        servicesFailure = e;
      }
      Optional<StepResult> firewallResult;
      try {
        firewallResult = firewall.get();
      } catch (InterruptedException e) {
        firewall.cancel(true);
        Thread.currentThread().interrupt();
        throw new ConvergeException("Firewall: interrupted");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof HostAccessException h) {
          throw h;
        }
        if (e.getCause() instanceof ConvergeException c) {
          throw c;
        }
        throw new IllegalStateException(e.getCause());
      }
      if (servicesFailure instanceof HostAccessException h) {
        throw h;
      }
      if (servicesFailure instanceof ConvergeException c) {
        throw c;
      }
      firewallResult.ifPresent(results::add);
      results.addAll(servicesLine);
      return results;
    } finally {
      firewallLine.shutdownNow();
    }
  }

  /** One step as one remote command; empty when the plan has nothing for it. */
  private static Optional<StepResult> runStep(SshConnection connection, ConvergePlan plan, Step step, Consumer<String> progress)
      throws HostAccessException, ConvergeException {
    List<Action> actions = plan.actions(step);
    if (actions.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder script = new StringBuilder("set -e\n" + SshConnection.SCRIPT_ENVIRONMENT);
    for (int i = 0; i < actions.size(); i++) {
      script.append("echo '").append(MARK).append(i).append("'\n").append(actions.get(i).script()).append('\n');
    }
    long start = System.nanoTime();
    CommandResult result = connection.run(script.toString(), step.timeout());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (result.exitCode() != 0) {
      int failed = lastMark(result.stdout());
      String action = failed >= 0 && failed < actions.size() ? actions.get(failed).description() : "an action";
      throw new ConvergeException(step + ": " + action + " failed (exit " + result.exitCode() + "): " + abbreviate(result.stderr()));
    }
    StringBuilder lines = new StringBuilder(String.format("%-9s %2d action%s in %.2f s", step, actions.size(), actions.size() == 1 ? " " : "s",
        took.toMillis() / 1000.0));
    actions.forEach(a -> lines.append("\n            ").append(a.description()));
    // Held together, so that the lines of two steps finishing at once do not interleave.
    synchronized (progress) {
      lines.toString().lines().forEach(progress);
    }
    return Optional.of(new StepResult(step, actions.size(), took));
  }

  /** The end of a health wait: the services still not up, and the host as the last poll saw it. */
  public record ServicesWait(List<String> notUp, Observation last) {}

  /**
   * Polls until every planned long-running service has a running container that is not unhealthy or
   * still starting, reporting what it waits for; returns the services still not up at the timeout,
   * with the last full observation (a converge reports from it instead of looking once more).
   */
  public static ServicesWait waitForServices(SshConnection connection, DesiredHostState desired, List<String> paths, Duration timeout,
      Consumer<String> progress) throws HostAccessException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    while (true) {
      Observation observed = HostObserver.observe(connection, paths);
      List<String> waiting = notUp(desired, observed);
      if (waiting.isEmpty()) {
        return new ServicesWait(List.of(), observed);
      }
      String line = "waiting for " + String.join(", ", waiting);
      if (!line.equals(last)) {
        progress.accept(line);
        last = line;
      }
      if (System.nanoTime() > deadline) {
        return new ServicesWait(waiting, observed);
      }
      Thread.sleep(2000);
    }
  }

  /** The planned long-running services that have no running container, or one not healthy yet. */
  public static List<String> notUp(DesiredHostState desired, Observation observed) {
    List<String> waiting = new ArrayList<>();
    for (ComposeService service : desired.plan().services()) {
      if (!service.longRunning()) {
        continue;
      }
      ContainerInfo container = observed.containersOf(FileRenderer.COMPOSE_PROJECT, service.name()).stream()
          .filter(ContainerInfo::running).findFirst().orElse(null);
      if (container == null) {
        waiting.add(service.name() + " (not running)");
      } else if (container.health() != null && !"healthy".equals(container.health())) {
        waiting.add(service.name() + " (" + container.health() + ")");
      }
    }
    return waiting;
  }

  private static int lastMark(String stdout) {
    int index = -1;
    for (String line : stdout.split("\n")) {
      if (line.startsWith(MARK)) {
        try {
          index = Integer.parseInt(line.substring(MARK.length()).trim());
        } catch (NumberFormatException e) {
          // not ours
        }
      }
    }
    return index;
  }

  /** The end of what the host said: tools print their actual error last. */
  private static String abbreviate(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() > 600 ? "..." + oneLine.substring(oneLine.length() - 600) : oneLine;
  }
}
