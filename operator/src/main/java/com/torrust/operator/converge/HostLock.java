package com.torrust.operator.converge;

import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.SshConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One converge at a time per host, whoever runs it (two shards while a resource moves, a replica that
 * lost its Lease, a person's apply): an exclusive flock on {@value #PATH}, held by a session of this
 * connection for as long as the converge runs. A lock held by a session dies with it: a dropped
 * connection or a killed operator never leaves the host locked (the holder writes a byte a second and
 * ends when nobody reads it any more).
 */
final class HostLock implements AutoCloseable {

  static final String PATH = "/var/lib/tracker-operator/converge.lock";

  /** The longest wait in {@link #close} for the host to end the lock's holder. */
  static final java.time.Duration RELEASE_WAIT = java.time.Duration.ofSeconds(5);

  private final SshConnection.Stream stream;
  private final CompletableFuture<Void> ended;

  private HostLock(SshConnection.Stream stream, CompletableFuture<Void> ended) {
    this.stream = stream;
    this.ended = ended;
  }

  /** Takes the lock or says who cannot: a ConvergeException when another converge holds it (nothing was changed). */
  static HostLock take(SshConnection connection) throws HostAccessException, ConvergeException {
    String dir = PATH.substring(0, PATH.lastIndexOf('/'));
    String script = SshConnection.SCRIPT_ENVIRONMENT
        + "mkdir -p " + dir + " && [ ! -L " + dir + " ] || { echo unusable; exit 0; }\n"
        // Without flock (util-linux) there is nothing to hold: go on, as before there was a lock.
        + "command -v flock >/dev/null 2>&1 || { echo locked; while sleep 1; do echo . || exit 0; done; }\n"
        + "exec 9>>" + PATH + " || { echo unusable; exit 0; }\n"
        + "flock -n 9 || { echo busy; exit 0; }\n"
        + "echo locked\n"
        + "while sleep 1; do echo . || exit 0; done\n";
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<Void> ended = new CompletableFuture<>();
    SshConnection.Stream stream = connection.stream(script, line -> first.complete(line.strip()), () -> {
      first.complete("ended");
      ended.complete(null);
    });
    String answer;
    try {
      answer = first.get(30, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      stream.close();
      throw new ConvergeException("the host did not answer whether another converge is running; nothing was changed");
    } catch (InterruptedException e) {
      stream.close();
      Thread.currentThread().interrupt();
      throw new ConvergeException("interrupted while taking the host's converge lock; nothing was changed");
    }
    switch (answer) {
      case "locked" -> {
        return new HostLock(stream, ended);
      }
      case "busy" -> {
        stream.close();
        throw new ConvergeException("another converge is running on this host (another shard or replica of the operator, or an apply);"
            + " nothing was changed, and it is tried again later");
      }
      default -> {
        stream.close();
        throw new ConvergeException("the host's converge lock " + PATH + " cannot be taken (" + answer + "); nothing was changed");
      }
    }
  }

  /**
   * Ends the holding session and waits (at most {@link #RELEASE_WAIT}) until the host ended the holder,
   * so that the lock is free when this returns: the next converge, here or in another process, must not
   * find it taken by the one that just finished.
   */
  @Override
  public void close() {
    stream.close();
    try {
      ended.get(RELEASE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // the host ends the holder at its next write (within a second) or when the connection goes
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
