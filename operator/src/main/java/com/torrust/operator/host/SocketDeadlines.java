package com.torrust.operator.host;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines on a whole exchange with a host, enforced by closing its socket: a read timeout bounds
 * each read only, so a host that trickles a byte now and then (an SSH tarpit, a slow HTTP answer) would
 * otherwise hold the thread for as long as it likes. One daemon thread for every deadline of the
 * process; it only closes sockets.
 */
public final class SocketDeadlines {

  private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

  private SocketDeadlines() {}

  private static ScheduledThreadPoolExecutor scheduler() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "socket-deadlines");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true); // a cancelled deadline is dropped at once, not kept until it would have run
    return executor;
  }

  /** A deadline that has passed, or not; cancel it (close) once the exchange ended in time. */
  public static final class Deadline implements AutoCloseable {
    private final ScheduledFuture<?> future;
    private volatile boolean passed;

    private Deadline(Closeable socket, Duration after) {
      this.future = SCHEDULER.schedule(() -> {
        passed = true;
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing is all there is to do
        }
      }, Math.max(1, after.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Whether the socket was closed because the deadline passed (what failed then failed because of it). */
    public boolean passed() {
      return passed;
    }

    @Override
    public void close() {
      future.cancel(false);
    }
  }

  /** Closes {@code socket} {@code after} from now unless the returned deadline is closed first. */
  public static Deadline closeAfter(Closeable socket, Duration after) {
    return new Deadline(socket, after);
  }
}
