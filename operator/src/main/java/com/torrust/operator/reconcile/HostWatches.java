package com.torrust.operator.reconcile;

import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.HostConnections;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.observe.ChangeFeed;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One change feed per reconciled resource, on its host's kept connection: drift is seen seconds after
 * it happens, not at the next resync, and without polling the API or running a full check. A feed
 * starts after a reconcile that reached the host, ends with the connection (the next such reconcile
 * starts it again), and stops when the resource goes or its host changes.
 */
final class HostWatches implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HostWatches.class);

  private record Watch(SshTarget target, SshConnection.Stream stream) {}

  private final Map<ResourceID, Watch> watches = new ConcurrentHashMap<>();
  private final HostConnections connections;
  private final Duration interval;
  private final Consumer<ResourceID> changed;
  private final Consumer<ResourceID> ended;
  /** Starts the reconciles a debounce deferred: one daemon thread for every feed. */
  private final ScheduledExecutorService deferrals = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "feed-debounce");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * {@code changed} is told which resource's host changed, {@code ended} whose feed ended without being
   * stopped here; a zero interval watches nothing.
   */
  HostWatches(HostConnections connections, Duration interval, Consumer<ResourceID> changed, Consumer<ResourceID> ended) {
    this.connections = connections;
    this.interval = interval;
    this.changed = changed;
    this.ended = ended;
  }

  /** Makes sure the resource's host is watched through {@code target}; a no-op when it already is. */
  void ensure(ResourceID id, SshTarget target) throws InterruptedException {
    if (interval.isZero() || interval.isNegative()) {
      return;
    }
    Watch current = watches.get(id);
    if (current != null && current.target().equals(target)) {
      return;
    }
    stop(id);
    ChangeFeed.Detector detector = new ChangeFeed.Detector();
    AtomicReference<FeedDebounce> debounce = new AtomicReference<>(FeedDebounce.initial());
    AtomicReference<Watch> self = new AtomicReference<>();
    AtomicBoolean done = new AtomicBoolean();
    try {
      SshConnection.Stream stream = connections.stream(target, ChangeFeed.script(interval), line -> {
        if (detector.changed(line)) {
          FeedDebounce.Decision decision;
          synchronized (debounce) {
            decision = debounce.get().changed(Instant.now());
            debounce.set(decision.next());
          }
          if (decision.now()) {
            LOG.debug("{}: the host changed; reconciling now", id);
            changed.accept(id);
          } else if (decision.deferTo() != null) {
            LOG.debug("{}: the host keeps changing; reconciling at {}", id, decision.deferTo());
            deferrals.schedule(() -> {
              synchronized (debounce) {
                debounce.set(debounce.get().fired(Instant.now()));
              }
              changed.accept(id);
            }, Math.max(0, Duration.between(Instant.now(), decision.deferTo()).toMillis()), TimeUnit.MILLISECONDS);
          }
        }
      }, () -> {
        done.set(true);
        Watch watch = self.get();
        // Still registered: nobody here stopped it (stop() removes the watch before closing it).
        if (watch != null && watches.remove(id, watch)) {
          LOG.info("{}: the change feed on {} ended; the next reconcile that reaches the host starts it again", id, target);
          ended.accept(id);
        }
      });
      Watch watch = new Watch(target, stream);
      self.set(watch);
      watches.put(id, watch);
      if (done.get() && watches.remove(id, watch)) {
        ended.accept(id); // it ended before it was recorded
      }
    } catch (HostAccessException e) {
      // The reconcile that just ended reached the host; if this failed, the next one tries again.
      LOG.info("{}: no change feed on the host for now: {}", id, e.getMessage());
    }
  }

  void stop(ResourceID id) {
    Watch watch = watches.remove(id);
    if (watch != null) {
      watch.stream().close();
    }
  }

  /**
   * Stops the feeds of every resource {@code keep} rejects (it left this process: deleted, or moved to
   * another shard) and returns the targets they used, for their connections to be closed too.
   */
  java.util.List<SshTarget> retainOnly(java.util.function.Predicate<ResourceID> keep) {
    java.util.List<SshTarget> stopped = new java.util.ArrayList<>();
    for (ResourceID id : new java.util.ArrayList<>(watches.keySet())) {
      if (!keep.test(id)) {
        Watch watch = watches.get(id);
        if (watch != null) {
          stopped.add(watch.target());
        }
        stop(id);
      }
    }
    return stopped;
  }

  int size() {
    return watches.size();
  }

  @Override
  public void close() {
    watches.keySet().forEach(this::stop);
    deferrals.shutdownNow();
  }
}
