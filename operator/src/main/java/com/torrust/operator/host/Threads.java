package com.torrust.operator.host;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Threads for blocking work per host (change feed readers, session reads and writes): virtual threads
 * where the JVM parks them without holding a carrier, platform daemon threads otherwise.
 *
 * <p>Virtual from Java 24 on, not 21: SSHJ's streams wait with {@code Object.wait} inside
 * {@code synchronized}, which on Java 21 to 23 pins the carrier thread; a few hundred idle feeds would
 * then hold every carrier and stall the rest (JEP 491 lifted that in 24). The build and the CLI stay
 * on Java 17, so the API is reached by reflection. SSHJ's own transport reader stays a platform thread
 * on every JVM: it is a subclass of {@link Thread} whose liveness SSHJ asks ({@code isAlive} is final).
 * {@code -Dtracker.operator.platformThreads=true} turns virtual threads off.
 */
public final class Threads {

  private static final ThreadFactory VIRTUAL = virtualFactory();

  private Threads() {}

  /** Whether per-host blocking work runs on virtual threads in this JVM. */
  public static boolean virtual() {
    return VIRTUAL != null;
  }

  /** Starts {@code task} on a new thread named {@code name}: virtual when available, else a platform daemon. */
  public static Thread start(String name, Runnable task) {
    Thread thread;
    if (VIRTUAL != null) {
      thread = VIRTUAL.newThread(task);
      thread.setName(name);
    } else {
      thread = new Thread(task, name);
      thread.setDaemon(true);
    }
    thread.start();
    return thread;
  }

  /** An executor with a thread per task: virtual when available, else a cached pool of platform daemons. */
  public static ExecutorService perTask(String name) {
    if (VIRTUAL != null) {
      ThreadFactory named = task -> {
        Thread thread = VIRTUAL.newThread(task);
        thread.setName(name);
        return thread;
      };
      try {
        return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class).invoke(null, named);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("virtual threads: " + e, e);
      }
    }
    return Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  private static ThreadFactory virtualFactory() {
    if (Runtime.version().feature() < 24 || Boolean.getBoolean("tracker.operator.platformThreads")) {
      return null;
    }
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
    } catch (ReflectiveOperationException e) {
      return null; // a JVM without them: platform threads, as on 17
    }
  }
}
