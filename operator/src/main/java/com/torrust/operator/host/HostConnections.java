package com.torrust.operator.host;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The operator's SSH connections: one per host, kept open and reused by every check and converge of
 * that host, reopened when it broke, and at most {@code maxConcurrent} hosts worked on at once, so a
 * thousand resources cannot open a thousand sessions in the same second. One thread sends every
 * connection a keep-alive request each {@link #KEEP_ALIVE_INTERVAL} and closes those whose host
 * stopped answering ({@link SshConnection#keepAlive}).
 */
public final class HostConnections implements AutoCloseable {

  /** Opens a connection; the default is {@link SshConnection#open}, tests may count calls. */
  @FunctionalInterface
  public interface Opener {
    SshConnection open(SshTarget target) throws HostAccessException;
  }

  /** Work done with a host's connection. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(SshConnection connection) throws HostAccessException, InterruptedException;
  }

  /**
   * A kept connection serves only the owner and the private key it was opened for: a connection is
   * authenticated by a key, and whoever names the same address, user and host key (all public) must
   * not inherit it. The key enters as a SHA-256 digest, never itself.
   */
  private record Key(String address, int port, String user, String fingerprint, String credential, String owner) {
    static Key of(SshTarget target) {
      return new Key(target.address(), target.port(), target.user(), target.pin() == null ? null : target.pin().fingerprint(),
          target.agent() != null ? "agent:" + target.agent() : credential(target.privateKey()), target.owner());
    }

    private static String credential(String privateKey) {
      if (privateKey == null) {
        return null;
      }
      try {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
            .digest(privateKey.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
      }
    }
  }

  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    /** Written under the lock; read without it by the keep-alive round. */
    volatile SshConnection connection;
  }

  /** How often every kept connection is asked for a sign of life; one unanswered for three rounds is closed. */
  public static final Duration KEEP_ALIVE_INTERVAL = Duration.ofSeconds(15);

  private final Map<Key, Slot> slots = new ConcurrentHashMap<>();
  private final Semaphore permits;
  private final Opener opener;
  private final AtomicLong opened = new AtomicLong();
  private final ScheduledExecutorService keepAlive;

  public HostConnections(int maxConcurrent) {
    this(maxConcurrent, SshConnection::open);
  }

  public HostConnections(int maxConcurrent, Opener opener) {
    this(maxConcurrent, opener, KEEP_ALIVE_INTERVAL);
  }

  public HostConnections(int maxConcurrent, Opener opener, Duration keepAliveInterval) {
    this.permits = new Semaphore(maxConcurrent, true);
    this.opener = opener;
    this.keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "ssh-keepalive");
      thread.setDaemon(true);
      return thread;
    });
    Duration deadAfter = keepAliveInterval.multipliedBy(3);
    keepAlive.scheduleWithFixedDelay(() -> keepAliveRound(deadAfter), keepAliveInterval.toMillis(), keepAliveInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Every kept connection gets a keep-alive request; a dead one is closed, so its next work reconnects. */
  private void keepAliveRound(Duration deadAfter) {
    for (Slot slot : slots.values()) {
      SshConnection connection = slot.connection;
      if (connection != null) {
        try {
          connection.keepAlive(deadAfter);
        } catch (RuntimeException e) {
          connection.close(); // never let one connection stop the rounds
        }
      }
    }
  }

  /**
   * Runs {@code work} with the host's kept connection, opening it if needed. One piece of work per
   * host at a time (SSH sessions on one connection are cheap, but a converge must not race a check).
   * A connection that failed during the work is dropped, so the next call reconnects.
   */
  public <T> T with(SshTarget target, Work<T> work) throws HostAccessException, InterruptedException {
    Slot slot = slots.computeIfAbsent(Key.of(target), k -> new Slot());
    permits.acquire();
    try {
      slot.lock.lockInterruptibly();
      try {
        boolean reused = slot.connection != null && slot.connection.isOpen();
        if (!reused) {
          reopen(slot, target);
        }
        try {
          return work.apply(slot.connection);
        } catch (HostAccessException e) {
          drop(slot);
          // A kept connection can die unnoticed; when a session could not even start, nothing ran,
          // so the work is tried once more on a fresh connection.
          if (reused && e.reason() == HostAccessException.Reason.HostUnreachable) {
            reopen(slot, target);
            try {
              return work.apply(slot.connection);
            } catch (HostAccessException again) {
              drop(slot);
              throw again;
            }
          }
          throw e;
        }
      } finally {
        slot.lock.unlock();
      }
    } finally {
      permits.release();
    }
  }

  /**
   * Starts a long-running command on the host's kept connection (opening it if needed), outside the
   * one-piece-of-work-at-a-time rule: it only reads, and checks and converges run beside it on their
   * own sessions. When the connection is replaced, the stream ends with it.
   */
  public SshConnection.Stream stream(SshTarget target, String script, java.util.function.Consumer<String> lines, Runnable ended)
      throws HostAccessException, InterruptedException {
    return with(target, connection -> connection.stream(script, lines, ended));
  }

  private void reopen(Slot slot, SshTarget target) throws HostAccessException {
    drop(slot);
    slot.connection = opener.open(target);
    opened.incrementAndGet();
  }

  private static void drop(Slot slot) {
    if (slot.connection != null) {
      slot.connection.close();
      slot.connection = null;
    }
  }

  /** Closes and forgets the connection to a host (its resource was deleted, or its key changed). */
  public void forget(SshTarget target) {
    closeSlot(slots.remove(Key.of(target)));
  }

  /** Closes and forgets every connection kept for an owner (its resource was deleted). */
  public void forgetOwner(String owner) {
    for (Key key : List.copyOf(slots.keySet())) {
      if (java.util.Objects.equals(key.owner(), owner)) {
        closeSlot(slots.remove(key));
      }
    }
  }

  /** Closes a removed slot's connection once its current work (if any) is done. */
  private static void closeSlot(Slot slot) {
    if (slot != null) {
      slot.lock.lock();
      try {
        if (slot.connection != null) {
          slot.connection.close();
        }
      } finally {
        slot.lock.unlock();
      }
    }
  }

  /** How many connections are open now. */
  public int openConnections() {
    return (int) slots.values().stream().filter(s -> s.connection != null && s.connection.isOpen()).count();
  }

  /** How many connections were opened since start (reused ones are not counted again). */
  public long connectionsOpened() {
    return opened.get();
  }

  @Override
  public void close() {
    keepAlive.shutdownNow();
    for (Key key : List.copyOf(slots.keySet())) {
      Slot slot = slots.remove(key);
      if (slot != null && slot.connection != null) {
        slot.connection.close();
      }
    }
  }
}
