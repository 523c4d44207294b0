package com.torrust.operator.converge;

import com.torrust.operator.api.DriftIgnoreRule;
import com.torrust.operator.drift.DriftEngine;
import com.torrust.operator.drift.Finding;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.observe.HostObserver;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.render.DesiredHostState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One converge of a host, as both {@code apply} and the reconciler run it: packages first (the
 * firewall and services are then planned from what is really installed), then firewall, files and
 * services, a bounded wait for the services, and a last look to report what is still different.
 */
public final class Convergence {

  /**
   * What a converge did and left.
   *
   * @param waited whether the health wait had to wait at all (it returns after one look when all is up)
   * @param notUp services still not up when the wait ended
   * @param after the host as seen at the end, and {@code drift} the differences it still has
   */
  public record Result(
      List<Converger.StepResult> steps, List<String> refusals, boolean waited, Duration healthWait, List<String> notUp,
      Observation after, List<Finding> drift) {

    public int actions() {
      return steps.stream().mapToInt(Converger.StepResult::actions).sum();
    }
  }

  private Convergence() {}

  /**
   * Converges the host from what {@code before} saw.
   *
   * @param progress one line per step, action and wait state, for a person watching
   */
  public static Result converge(SshConnection connection, DesiredHostState desired, List<DriftIgnoreRule> ignore,
      Observation before, Duration healthTimeout, Consumer<String> progress)
      throws HostAccessException, ConvergeException, InterruptedException {
    return converge(connection, desired, ignore, before, healthTimeout, null, progress);
  }

  /**
   * @param acceptImages a value for the image record's acceptance (annotation tracker.torrust.com/accept-images or
   *     apply --accept-images): when it differs from the recorded one, the images running now are recorded as deployed
   */
  public static Result converge(SshConnection connection, DesiredHostState desired, List<DriftIgnoreRule> ignore,
      Observation before, Duration healthTimeout, String acceptImages, Consumer<String> progress)
      throws HostAccessException, ConvergeException, InterruptedException {
    java.time.Instant now = java.time.Instant.now();
    ConvergePlan first = ConvergePlanner.plan(desired, before, ignore);
    if (first.nothingToDo() && ImageUpkeep.record(desired.plan(), before, acceptImages, now).isEmpty()
        && ImageUpkeep.scansDue(desired.plan(), before, now).isEmpty()) {
      // The steady state: one look at the host was all it took, and nothing is written, so no lock either.
      return new Result(List.of(), first.refusals(), false, Duration.ZERO,
          Converger.notUp(desired, before), before, DriftEngine.findings(desired, before, ignore));
    }
    try (HostLock lock = HostLock.take(connection)) {
      // Looked at again under the lock: another converge may have changed the host since the first look.
      return locked(connection, desired, ignore, HostObserver.observe(connection, ConvergePlanner.observedPaths(desired)), healthTimeout,
          acceptImages, progress);
    }
  }

  /** The converge proper, with the host's converge lock held. */
  private static Result locked(SshConnection connection, DesiredHostState desired, List<DriftIgnoreRule> ignore,
      Observation before, Duration healthTimeout, String acceptImages, Consumer<String> progress)
      throws HostAccessException, ConvergeException, InterruptedException {
    List<String> paths = ConvergePlanner.observedPaths(desired);
    ConvergePlan plan = ConvergePlanner.plan(desired, before, ignore);
    List<Converger.StepResult> steps = new ArrayList<>();
    if (!plan.actions(Step.Packages).isEmpty()) {
      steps.addAll(Converger.apply(connection, new ConvergePlan(plan.actions(Step.Packages), List.of()), progress));
      ConvergePlan replanned = ConvergePlanner.plan(desired, HostObserver.observe(connection, paths), ignore);
      plan = new ConvergePlan(replanned.actions().stream().filter(a -> a.step() != Step.Packages).toList(), replanned.refusals());
    }
    if (steps.isEmpty() && plan.nothingToDo()) {
      // The steady state: one look at the host was all it took (unless the image record or a scan is due).
      Observation seen = images(connection, desired, before, acceptImages, paths, progress);
      return new Result(List.of(), plan.refusals(), false, Duration.ZERO, Converger.notUp(desired, seen), seen,
          DriftEngine.findings(desired, seen, ignore));
    }
    steps.addAll(Converger.apply(connection, plan, progress));
    long waitStart = System.nanoTime();
    boolean[] waited = {false};
    Converger.ServicesWait wait = Converger.waitForServices(connection, desired, paths, healthTimeout, line -> {
      waited[0] = true;
      progress.accept(line);
    });
    Duration waitTook = Duration.ofNanos(System.nanoTime() - waitStart);
    // The wait's last poll came after every step: it is the host as the converge left it.
    Observation after = images(connection, desired, wait.last(), acceptImages, paths, progress);
    return new Result(List.copyOf(steps), plan.refusals(), waited[0], waitTook, wait.notUp(), after, DriftEngine.findings(desired, after, ignore));
  }

  /**
   * The image record brought up to date and the scans that are due, after the services are up; the host
   * is looked at again only when something was written, so that status shows it.
   */
  private static Observation images(SshConnection connection, DesiredHostState desired, Observation seen, String accept, List<String> paths,
      Consumer<String> progress) throws HostAccessException, ConvergeException {
    java.time.Instant now = java.time.Instant.now();
    boolean wrote = false;
    var record = ImageUpkeep.record(desired.plan(), seen, accept, now);
    if (record.isPresent()) {
      ImageUpkeep.write(connection, record.get());
      progress.accept("Images: recorded " + String.join(", ", record.get().entries().keySet()));
      wrote = true;
    }
    for (ImageUpkeep.DueScan due : ImageUpkeep.scansDue(desired.plan(), seen, now)) {
      ImageUpkeep.scan(connection, desired.plan().images().scan(), due, now, progress);
      wrote = true;
    }
    return wrote ? HostObserver.observe(connection, paths) : seen;
  }
}
