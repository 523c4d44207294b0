package com.torrust.operator.reconcile;

import com.torrust.operator.probe.ProbeReport;
import com.torrust.operator.probe.ProbeTarget;
import com.torrust.operator.probe.Prober;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outside prober of every reconciled resource, on its own interval: each resource's endpoints are
 * tried from the operator's network, the latest report is kept for the next reconcile, and a report
 * whose verdict differs from the last one reconciles the resource at once (latencies alone never do).
 * A reconcile registers what to try (after rendering, from the plan); a deleted resource, or one with
 * probing off, is forgotten. Costs nothing on the hosts but the tries themselves, and no SSH.
 */
final class OutsideProbes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutsideProbes.class);

  /** What to try for one resource, and how often. */
  record Plan(List<InetAddress> addresses, List<ProbeTarget> targets, Duration interval) {}

  /** @param again a try was asked for while one was running: start one more when it ends */
  private record Tracked(Plan plan, ScheduledFuture<?> schedule, AtomicBoolean running, AtomicBoolean again) {}

  private final Prober prober;
  private final Consumer<ResourceID> changed;
  private final BiConsumer<ResourceID, ProbeReport> probed;
  private final Map<ResourceID, Tracked> tracked = new ConcurrentHashMap<>();
  private final Map<ResourceID, ProbeReport> latest = new ConcurrentHashMap<>();
  /** Only starts tries; the tries run on the prober's pool, which bounds how many at a time. */
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "outside-prober-schedule");
    thread.setDaemon(true);
    return thread;
  });
  private final java.util.concurrent.ExecutorService runs;

  /**
   * @param changed told which resource's verdict changed
   * @param probed told every report (for metrics)
   * @param concurrentResources resources tried at a time
   */
  OutsideProbes(Prober prober, int concurrentResources, Consumer<ResourceID> changed, BiConsumer<ResourceID, ProbeReport> probed) {
    this.prober = prober;
    this.changed = changed;
    this.probed = probed;
    this.runs = Prober.pool(concurrentResources);
  }

  /** Makes sure the resource is tried with {@code plan}; a no-op when it already is. */
  void ensure(ResourceID id, Plan plan) {
    Tracked current = tracked.get(id);
    if (current != null && current.plan().equals(plan)) {
      return;
    }
    forget(id, false);
    AtomicBoolean running = new AtomicBoolean();
    AtomicBoolean again = new AtomicBoolean();
    ScheduledFuture<?> schedule = ticks.scheduleWithFixedDelay(() -> {
      if (running.compareAndSet(false, true)) { // a try still running is not started again
        runs.execute(() -> run(id, plan, running, again));
      }
    }, 0, plan.interval().toMillis(), TimeUnit.MILLISECONDS);
    tracked.put(id, new Tracked(plan, schedule, running, again));
  }

  /**
   * One extra try now, outside the interval (after a converge changed the host: the verdict from
   * before it, often taken while services were starting, should not stand a whole interval).
   */
  void again(ResourceID id) {
    Tracked current = tracked.get(id);
    if (current == null) {
      return;
    }
    current.again().set(true); // a try running now began before the change: one more after it
    if (current.running().compareAndSet(false, true)) {
      current.again().set(false);
      runs.execute(() -> run(id, current.plan(), current.running(), current.again()));
    }
  }

  private void run(ResourceID id, Plan plan, AtomicBoolean running, AtomicBoolean again) {
    try {
      ProbeReport report = prober.report(plan.addresses(), plan.targets());
      Tracked now = tracked.get(id);
      if (now == null || !now.plan().equals(plan)) {
        return; // forgotten or replaced meanwhile
      }
      if (again.get()) {
        return; // the host changed while this try ran: its verdict is dropped, the try asked for follows at once
      }
      ProbeReport before = latest.put(id, report);
      probed.accept(id, report);
      if (before == null || !before.verdict().equals(report.verdict())) {
        LOG.debug("{}: the outside view changed; reconciling", id);
        changed.accept(id);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("{}: the outside prober failed: {}", id, e.toString());
    } finally {
      if (again.getAndSet(false) && tracked.containsKey(id)) {
        runs.execute(() -> run(id, plan, running, again)); // still "running": the asked-for try follows at once
      } else {
        running.set(false);
      }
    }
  }

  /** The last report, or PENDING before the first try ends; empty when the resource is not tried. */
  Optional<ProbeReport> latest(ResourceID id) {
    if (!tracked.containsKey(id)) {
      return Optional.empty();
    }
    return Optional.of(latest.getOrDefault(id, ProbeReport.PENDING));
  }

  /** Stops trying every resource {@code keep} rejects (one that left this process: deleted, or moved to another shard). */
  void retainOnly(java.util.function.Predicate<ResourceID> keep) {
    new java.util.ArrayList<>(tracked.keySet()).stream().filter(keep.negate()).forEach(this::forget);
    new java.util.ArrayList<>(latest.keySet()).stream().filter(keep.negate()).forEach(latest::remove);
  }

  /** Stops trying the resource and drops its report. */
  void forget(ResourceID id) {
    forget(id, true);
  }

  private void forget(ResourceID id, boolean dropReport) {
    Tracked gone = tracked.remove(id);
    if (gone != null) {
      gone.schedule().cancel(false);
    }
    if (dropReport) {
      latest.remove(id);
    }
  }

  @Override
  public void close() {
    ticks.shutdownNow();
    runs.shutdownNow();
  }
}
