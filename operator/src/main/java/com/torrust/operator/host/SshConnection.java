package com.torrust.operator.host;

import com.torrust.operator.host.HostAccessException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.concurrent.Promise;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * One SSH connection to a host, kept open and reused for its commands. The host key is checked
 * against the pin during the key exchange, before authentication: on a mismatch the connection is
 * closed and no command is ever sent. Without a pin the key is accepted and reported for pinning.
 */
public final class SshConnection implements AutoCloseable {

  /**
   * The first line of every script the operator runs on a host: output in the C locale (the parsers
   * read it), and the sbin folders on the PATH (ufw, iptables, sshd; a non-login shell may lack them).
   */
  public static final String SCRIPT_ENVIRONMENT = "export LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n";

  /** One algorithm configuration for every connection: it is only read (a copy per connection was 3 KiB each). */
  private static final DefaultConfig CONFIG = new DefaultConfig();

  /**
   * The largest channel data packet the host may send us. SSHJ's decoder keeps a buffer the size of
   * the largest packet it received, rounded up to a power of two, for the connection's lifetime: with
   * SSHJ's default of 32 KiB that is 64 KiB per kept connection (128 MB at 2,000 hosts). A bit under
   * 8 KiB keeps a whole packet (headers, padding and MAC included) within an 8 KiB buffer; a check's
   * output then takes a few packets instead of one (no round trip more: the window is 2 MiB).
   */
  static final int MAX_PACKET_SIZE = 8 * 1024 - 512;

  private final SSHClient client;
  private final SshTarget target;
  private final PublicKey hostKey;
  private final Object keepAliveLock = new Object();
  private Promise<SSHPacket, ConnectionException> keepAlivePending;
  private long keepAliveSentAt;
  private long keepAlivesAnswered;

  private SshConnection(SSHClient client, SshTarget target, PublicKey hostKey) {
    this.client = client;
    this.target = target;
    this.hostKey = hostKey;
  }

  /**
   * Key types to ask for, in turn, when a host's preferred key does not match a pin given as a bare
   * fingerprint: the pinned key may be its ECDSA or RSA key. Each try is a new key exchange; nothing is
   * sent before the key matches.
   */
  private static final List<List<String>> OTHER_KEY_TYPES = List.of(
      List.of("ssh-ed25519"), List.of("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"),
      List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"));

  public static SshConnection open(SshTarget target) throws HostAccessException {
    return open(target, AddressPolicy.DEFAULT);
  }

  /** Opens a connection to the address {@code policy} resolved and allowed (see {@link AddressPolicy}). */
  public static SshConnection open(SshTarget target, AddressPolicy policy) throws HostAccessException {
    java.net.InetAddress address = policy.resolve(target.address());
    HostKeyPin pin = target.pin();
    if (pin == null || !pin.algorithms().isEmpty() || pin.alternative() != null) {
      return open(target, address, pin == null ? List.of() : pin.algorithms());
    }
    HostAccessException mismatch;
    try {
      return open(target, address, List.of());
    } catch (HostAccessException e) {
      if (e.reason() != Reason.HostKeyMismatch) {
        throw e;
      }
      mismatch = e;
    }
    String presented = mismatch.presentedType();
    for (List<String> types : OTHER_KEY_TYPES) {
      if (presented != null && HostKeyPin.algorithmsFor(presented).contains(types.get(0))) {
        continue; // the key the host offered first already did not match
      }
      try {
        return open(target, address, types);
      } catch (HostAccessException e) {
        if (e.reason() != Reason.HostKeyMismatch) {
          throw e;
        }
        // this type is not the pinned key either (or the host has none): next type
      }
    }
    throw mismatch;
  }

  /** One connection attempt; {@code preferred}: host key algorithms to ask for first (empty: SSHJ's order). */
  private static SshConnection open(SshTarget target, java.net.InetAddress address, List<String> preferred) throws HostAccessException {
    SSHClient client = new SSHClient(CONFIG);
    AtomicReference<PublicKey> seen = new AtomicReference<>();
    AtomicBoolean mismatch = new AtomicBoolean();
    client.addHostKeyVerifier(
        new HostKeyVerifier() {
          @Override
          public boolean verify(String hostname, int port, PublicKey key) {
            seen.set(key);
            boolean accepted = target.pin() == null || target.pin().matches(key);
            mismatch.set(!accepted);
            return accepted;
          }

          @Override
          public List<String> findExistingAlgorithms(String hostname, int port) {
            // SSHJ proposes these first in the key exchange, so the host signs with the pinned key's type.
            return preferred;
          }
        });
    KeyProvider keys = loadKeys(client, target);
    client.setConnectTimeout((int) target.connectTimeout().toMillis());
    client.setTimeout((int) target.commandTimeout().toMillis());
    // The whole handshake (banner, key exchange, authentication) has a deadline of its own, enforced by
    // closing the socket: a host that accepts TCP and then says nothing, or trickles banner lines
    // forever (an SSH tarpit), would otherwise hold this thread for good (SSHJ reads the banner with no
    // limit on lines or time, and a trickle never trips the socket's read timeout).
    HandshakeCappedSocket socket = new HandshakeCappedSocket();
    client.setSocketFactory(new javax.net.SocketFactory() {
      @Override
      public java.net.Socket createSocket() {
        return socket; // SSHJ creates one unconnected socket per connect
      }

      @Override
      public java.net.Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException("SSHJ creates unconnected sockets");
      }

      @Override
      public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort) {
        throw new UnsupportedOperationException("SSHJ creates unconnected sockets");
      }

      @Override
      public java.net.Socket createSocket(java.net.InetAddress host, int port) {
        throw new UnsupportedOperationException("SSHJ creates unconnected sockets");
      }

      @Override
      public java.net.Socket createSocket(java.net.InetAddress host, int port, java.net.InetAddress local, int localPort) {
        throw new UnsupportedOperationException("SSHJ creates unconnected sockets");
      }
    });
    Duration handshake = target.handshakeTimeout();
    try (SocketDeadlines.Deadline deadline = SocketDeadlines.closeAfter(socket, handshake)) {
      SshConnection connection;
      try {
        connection = handshake(client, target, address, keys, seen, mismatch);
      } catch (HostAccessException e) {
        // Whatever failed once the deadline had closed the socket failed because of the deadline.
        throw deadline.passed() ? unresponsive(target, handshake, e) : e;
      }
      if (deadline.passed()) { // it passed just as authentication ended: the socket is closed
        connection.close();
        throw unresponsive(target, handshake, null);
      }
      socket.handshakeDone();
      return connection;
    }
  }

  private static SshConnection handshake(SSHClient client, SshTarget target, java.net.InetAddress address, KeyProvider keys,
      AtomicReference<PublicKey> seen, AtomicBoolean mismatch) throws HostAccessException {
    try {
      client.connect(address, target.port());
    } catch (IOException e) {
      closeQuietly(client);
      if (mismatch.get()) {
        throw new HostAccessException(Reason.HostKeyMismatch,
            target + " presented host key " + HostKeys.fingerprint(seen.get()) + ", not the pinned "
                + target.pin().fingerprint() + "; nothing was run on it", e)
            .withPresentedType(net.schmizz.sshj.common.KeyType.fromKey(seen.get()).toString());
      }
      throw new HostAccessException(Reason.HostUnreachable, "cannot connect to " + target + ": " + e.getMessage(), e);
    }
    client.getConnection().setMaxPacketSize(MAX_PACKET_SIZE);
    try {
      // Every command is a few small packets each way (channel open, exec, data, EOF, close): with
      // Nagle's algorithm on, a small packet waits for the host's delayed ACK, 40 ms at a time.
      client.getSocket().setTcpNoDelay(true);
    } catch (java.net.SocketException e) {
      closeQuietly(client);
      throw new HostAccessException(Reason.HostUnreachable, "connection to " + target + " broke: " + e.getMessage(), e);
    }
    try {
      if (keys != null) {
        client.authPublickey(target.user(), keys);
      } else {
        client.auth(target.user(), agentMethods(target));
      }
    } catch (UserAuthException e) {
      closeQuietly(client);
      throw new HostAccessException(Reason.AuthenticationFailed, target + " refused the SSH key" + (keys == null ? "s of the agent" : "")
          + " for user " + target.user(), e);
    } catch (TransportException e) {
      closeQuietly(client);
      throw new HostAccessException(Reason.HostUnreachable, "connection to " + target + " broke: " + e.getMessage(), e);
    }
    return new SshConnection(client, target, seen.get());
  }

  /** The most a host may send before authentication ends: a real one sends a few KiB (banner, key exchange). */
  static final int HANDSHAKE_CAP = 32 * 1024;

  /**
   * A socket whose input fails once the host has sent more than {@link #HANDSHAKE_CAP} bytes before
   * authentication ended: SSHJ reads the banner a byte at a time and parses its whole buffer again
   * after each byte, so a host that floods bytes without a line end costs a core (and a growing
   * buffer) until the handshake deadline.
   */
  private static final class HandshakeCappedSocket extends java.net.Socket {
    private volatile boolean handshaking = true;
    private InputStream capped;

    void handshakeDone() {
      handshaking = false;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (capped == null) {
        InputStream raw = super.getInputStream();
        capped = new java.io.FilterInputStream(raw) {
          private long read;

          @Override
          public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(0, n));
            return n;
          }

          private void count(int n) throws IOException {
            if (handshaking) {
              read += n;
              if (read > HANDSHAKE_CAP) {
                throw new IOException("the host sent more than " + HANDSHAKE_CAP / 1024 + " KiB before authentication ended");
              }
            }
          }
        };
      }
      return capped;
    }
  }

  private static HostAccessException unresponsive(SshTarget target, Duration handshake, Throwable cause) {
    return new HostAccessException(Reason.HostUnreachable, target + " accepted the connection but did not complete the SSH handshake"
        + " (banner, key exchange, authentication) within " + handshake.toSeconds() + " s; it was closed", cause);
  }

  /**
   * Reads and decodes the private key before any connection, so a bad key never reaches the network; with
   * an SSH agent, asks it for its keys (null: the agent's keys are used, see {@link #agentMethods}).
   */
  private static KeyProvider loadKeys(SSHClient client, SshTarget target) throws HostAccessException {
    if (target.agent() != null) {
      return null;
    }
    boolean encrypted = ClientKeys.encrypted(target.privateKey());
    if (encrypted && target.passphrase() == null) {
      closeQuietly(client);
      throw new HostAccessException(Reason.InvalidPrivateKey, "the SSH private key for " + target + " is protected by a passphrase,"
          + " and none was given", null);
    }
    try {
      KeyProvider keys = client.loadKeys(target.privateKey(), null,
          target.passphrase() == null ? null : net.schmizz.sshj.userauth.password.PasswordUtils.createOneOff(target.passphrase().toCharArray()));
      keys.getPublic(); // SSHJ decodes lazily; force it now
      keys.getPrivate();
      return keys;
    } catch (IOException | RuntimeException e) {
      closeQuietly(client);
      // The parser's message could quote the key material: do not pass it on.
      throw new HostAccessException(Reason.InvalidPrivateKey, encrypted
          ? "the SSH private key for " + target + " cannot be decrypted with the passphrase given"
          : "the SSH private key for " + target + " cannot be read (OpenSSH or PEM)", null);
    }
  }

  /** One authentication attempt per key the agent holds, in its order (as ssh does). */
  private static List<net.schmizz.sshj.userauth.method.AuthMethod> agentMethods(SshTarget target) throws HostAccessException {
    SshAgent agent = new SshAgent(target.agent());
    List<SshAgent.Identity> identities;
    try {
      identities = agent.identities();
    } catch (IOException e) {
      throw new HostAccessException(Reason.InvalidPrivateKey, "the SSH agent at " + target.agent() + " cannot be used: " + e.getMessage(), null);
    }
    if (identities.isEmpty()) {
      throw new HostAccessException(Reason.InvalidPrivateKey, "the SSH agent at " + target.agent() + " holds no key (ssh-add adds one)", null);
    }
    return identities.stream().<net.schmizz.sshj.userauth.method.AuthMethod>map(i -> new AgentAuth(agent, i)).toList();
  }

  /** The key the host presented (pinned, or seen on first use). */
  public PublicKey hostKey() {
    return hostKey;
  }

  public boolean isOpen() {
    return client.isConnected() && client.isAuthenticated();
  }

  /**
   * One keep-alive round, called by {@link HostConnections} for every kept connection (one thread for
   * all of them: SSHJ's own keep-alive is a thread per connection). Sends OpenSSH's
   * {@code keepalive@openssh.com} unless an earlier one is unanswered; any answer counts, "unknown
   * request" included. Idle connections stay open through NAT and firewall idle timeouts, and one
   * whose host stopped answering is found and closed, so the next piece of work reconnects at once
   * instead of waiting out its timeout.
   *
   * @return false when a request went unanswered for {@code deadAfter} (the connection is then closed)
   */
  public boolean keepAlive(Duration deadAfter) {
    synchronized (keepAliveLock) {
      if (keepAlivePending != null) {
        if (keepAlivePending.isFulfilled()) {
          keepAlivesAnswered++;
          keepAlivePending = null;
        } else if (System.nanoTime() - keepAliveSentAt > deadAfter.toNanos()) {
          close();
          return false;
        } else {
          return true;
        }
      }
      if (!isOpen()) {
        return false;
      }
      try {
        keepAlivePending = client.getConnection().sendGlobalRequest("keepalive@openssh.com", true, new byte[0]);
        keepAliveSentAt = System.nanoTime();
        return true;
      } catch (TransportException e) {
        close();
        return false;
      }
    }
  }

  /** Whether the connection's socket sends small packets at once (Nagle off); see {@link #open}. */
  boolean sendsAtOnce() throws java.net.SocketException {
    return client.getSocket().getTcpNoDelay();
  }

  /** How many keep-alive requests the host has answered. */
  public long keepAlivesAnswered() {
    synchronized (keepAliveLock) {
      return keepAlivesAnswered + (keepAlivePending != null && keepAlivePending.isFulfilled() ? 1 : 0);
    }
  }

  /** The most a command may print on standard output (a check of a host with thousands of sockets prints about 1 MiB). */
  static final int STDOUT_CAP = 8 * 1024 * 1024;
  /** The most a command may print on standard error. */
  static final int STDERR_CAP = 1024 * 1024;
  /** The longest line a change feed may send; a longer one ends the feed. */
  static final int FEED_LINE_CAP = 64 * 1024;

  /**
   * Blocking reads and writes of sessions. Not the common pool: a few hung hosts would take all its
   * threads (one per CPU) and stall every other host's commands. A thread here is held only while its
   * command runs, and a command runs at most until its deadline.
   */
  private static final ExecutorService IO = Threads.perTask("ssh-io");

  /** Commands started on hosts by this process (every connection): what a resync costs the hosts, in round trips. */
  private static final java.util.concurrent.atomic.LongAdder COMMANDS = new java.util.concurrent.atomic.LongAdder();

  /** How many commands this process has started on hosts since it started (streams included, counted once). */
  public static long commandsStarted() {
    return COMMANDS.sum();
  }

  /** Runs one script within the target's command timeout (observation and short commands). */
  public CommandResult run(String script) throws HostAccessException {
    return run(script, target.commandTimeout());
  }

  /**
   * Runs one script. It travels on the session's standard input to {@code sh -s}, not in the exec
   * request: OpenSSH refuses packets over 256 KB, and a converge carries whole files. A user other than
   * root runs it through {@code sudo -n}. The deadline is enforced: a command still running at
   * {@code timeout}, or printing more than the caps, has its session closed and ends in a
   * {@link HostAccessException} (CommandTimedOut, OutputTooLarge); the connection stays usable.
   */
  public CommandResult run(String script, Duration timeout) throws HostAccessException {
    // sudo resets the environment: pass the connection's client address on explicitly.
    String shell = "root".equals(target.user()) ? "sh -s" : "sudo -n env TRACKER_OPERATOR_CLIENT=\"${SSH_CONNECTION%% *}\" sh -s";
    long deadline = System.nanoTime() + timeout.toNanos();
    Session session;
    COMMANDS.increment();
    try {
      session = client.startSession();
    } catch (IOException e) {
      // Nothing ran: the kept connection is gone (host rebooted, network dropped). Safe to retry.
      throw new HostAccessException(Reason.HostUnreachable, "the connection to " + target + " is gone: " + e.getMessage(), e);
    }
    boolean finished = false;
    try {
      Session.Command running = session.exec(shell);
      CompletableFuture<Void> stdin = CompletableFuture.runAsync(() -> {
        try (OutputStream in = running.getOutputStream()) {
          in.write(whole(script).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, IO);
      CompletableFuture<Bounded> stdout = CompletableFuture.supplyAsync(() -> Bounded.read(running.getInputStream(), STDOUT_CAP), IO);
      CompletableFuture<Bounded> stderr = CompletableFuture.supplyAsync(() -> Bounded.read(running.getErrorStream(), STDERR_CAP), IO);
      CompletableFuture<Object> overflow = new CompletableFuture<>();
      stdout.thenAccept(b -> overflowed(b, "standard output", STDOUT_CAP, overflow));
      stderr.thenAccept(b -> overflowed(b, "standard error", STDERR_CAP, overflow));
      Object first = CompletableFuture.anyOf(CompletableFuture.allOf(stdout, stderr), overflow).get(remaining(deadline), TimeUnit.NANOSECONDS);
      if (first instanceof String stream) {
        throw new HostAccessException(Reason.OutputTooLarge, "a command on " + target + " printed more than " + stream
            + "; it was stopped and its output dropped", null);
      }
      running.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))), TimeUnit.MILLISECONDS);
      Integer exit = running.getExitStatus();
      if (exit == null) {
        if (remaining(deadline) <= 0) {
          throw timedOut(timeout);
        }
        throw new HostAccessException(Reason.CommandFailed, "a command on " + target + " ended without an exit status", null);
      }
      stdin.get(remaining(deadline), TimeUnit.NANOSECONDS);
      finished = true;
      return new CommandResult(exit, stdout.join().text(), stderr.join().text());
    } catch (TimeoutException e) {
      throw timedOut(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostAccessException(Reason.CommandFailed, "interrupted while a command ran on " + target, e);
    } catch (IOException | java.io.UncheckedIOException | ExecutionException | java.util.concurrent.CompletionException e) {
      throw new HostAccessException(Reason.CommandFailed, "a command on " + target + " failed: " + e.getMessage(), e);
    } finally {
      if (finished) {
        closeQuietly(session);
      } else {
        // Closing waits for the host to confirm, which a hung host never does: not on this thread.
        IO.execute(() -> closeQuietly(session));
      }
    }
  }

  /**
   * The script as one brace group: the shell reads a compound command to its end before it runs any
   * of it, so a script cut off by a dropped connection runs nothing, not its first half or a partial
   * last line.
   */
  static String whole(String script) {
    return "{\n" + script + "\n}\n";
  }

  private HostAccessException timedOut(Duration timeout) {
    return new HostAccessException(Reason.CommandTimedOut, "a command on " + target + " did not finish within " + timeout.toSeconds()
        + " s; its session was closed", null);
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static void overflowed(Bounded read, String stream, int cap, CompletableFuture<Object> overflow) {
    if (read.overflowed()) {
      overflow.complete(String.format("%d MiB on %s", cap / (1024 * 1024), stream));
    }
  }

  /** What was read from a stream, up to a cap: past it, reading stops and nothing is kept. */
  record Bounded(byte[] bytes, boolean overflowed) {

    static Bounded read(InputStream in, int cap) {
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          if (out.size() + n > cap) {
            return new Bounded(new byte[0], true);
          }
          out.write(buffer, 0, n);
        }
        return new Bounded(out.toByteArray(), false);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** A long-running command whose output is read line by line; closing it ends the remote command. */
  public interface Stream extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Starts {@code script} (on {@code sh -s}, as {@link #run}) in its own session and hands each line
   * of its output to {@code lines} on a daemon thread; {@code ended} runs once when the output ends
   * (the command exited, the connection broke, or the stream was closed).
   */
  public Stream stream(String script, java.util.function.Consumer<String> lines, Runnable ended) throws HostAccessException {
    String shell = "root".equals(target.user()) ? "sh -s" : "sudo -n sh -s";
    Session session;
    Session.Command running;
    COMMANDS.increment();
    try {
      session = client.startSession();
      running = session.exec(shell);
      try (OutputStream in = running.getOutputStream()) {
        in.write(whole(script).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new HostAccessException(Reason.HostUnreachable, "could not start a command on " + target + ": " + e.getMessage(), e);
    }
    Threads.start("stream-" + target.address(), () -> {
      try (InputStream out = new java.io.BufferedInputStream(running.getInputStream())) {
        // Line by line, each at most FEED_LINE_CAP bytes: an endless line ends the feed instead of the heap.
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = out.read(); b >= 0; b = out.read()) {
          if (b == '\n') {
            lines.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else if (line.size() >= FEED_LINE_CAP) {
            break;
          } else {
            line.write(b);
          }
        }
      } catch (IOException | RuntimeException e) {
        // The connection or the session closed: the feed ends here.
      } finally {
        ended.run(); // first: the output has ended, the command with it; the close may take the host a while
        closeQuietly(session);
      }
    });
    return () -> {
      // SIGTERM first: a command that waits quietly (a change feed at rest) would otherwise learn that
      // nobody listens only at its next write, and the host answers the channel's close only after the
      // command ended. The close is then not waited for here (the caller may be a reconcile); whoever
      // needs the command gone (the converge lock) waits for the end of its output, which {@code ended} tells.
      try {
        running.signal(Signal.TERM);
      } catch (IOException | RuntimeException e) {
        // the session is already gone, or the server does not take signals: the command ends at its next write
      }
      IO.execute(() -> closeQuietly(session));
    };
  }

  @Override
  public void close() {
    closeQuietly(client);
  }

  private static void closeQuietly(Session session) {
    try {
      session.close();
    } catch (IOException | RuntimeException e) {
      // Already closed, or the connection is gone.
    }
  }

  private static void closeQuietly(SSHClient client) {
    try {
      client.close();
    } catch (IOException e) {
      // Closing a broken connection: nothing left to do.
    }
  }
}
