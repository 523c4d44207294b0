package com.torrust.operator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.torrust.operator.host.HostAccessException.Reason;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hosts that hang or flood, on real OpenSSH servers: every command ends by its deadline or its output
 * cap with a clear reason, the connection stays usable, and a healthy host's commands go on meanwhile.
 */
@ExtendWith(SandboxHosts.class)
class HostileHostTest {

  private static SshConnection open(SandboxHost host, Duration commandTimeout) throws Exception {
    return SshConnection.open(new SshTarget(host.address(), host.sshPort(), host.user(), Files.readString(host.sshKey()),
        HostKeyPin.parse(host.hostKeyFingerprint()), Duration.ofSeconds(10), commandTimeout));
  }

  @Test
  void aCommandThatNeverEndsIsStoppedAtItsDeadlineAndTheConnectionGoesOn(SandboxHost host) throws Exception {
    try (SshConnection connection = open(host, Duration.ofSeconds(2))) {
      HostAccessException silent = catchThrowableOfType(HostAccessException.class, () -> connection.run("sleep 600"));
      // Output that trickles forever must not keep extending the wait either.
      HostAccessException trickle = catchThrowableOfType(HostAccessException.class, () -> connection.run("while :; do echo .; sleep 0.2; done"));

      assertThat(silent.reason()).isEqualTo(Reason.CommandTimedOut);
      assertThat(silent.getMessage()).contains("did not finish within 2 s");
      assertThat(trickle.reason()).isEqualTo(Reason.CommandTimedOut);
      assertThat(connection.run("echo still here").stdout()).isEqualTo("still here\n");
    }
  }

  @Test
  void aFloodOfOutputIsCutAtTheCapOnEitherStream(SandboxHost host) throws Exception {
    try (SshConnection connection = open(host, Duration.ofSeconds(60))) {
      HostAccessException stdout = catchThrowableOfType(HostAccessException.class, () -> connection.run("cat /dev/zero"));
      HostAccessException stderr = catchThrowableOfType(HostAccessException.class, () -> connection.run("cat /dev/zero >&2"));

      assertThat(stdout.reason()).isEqualTo(Reason.OutputTooLarge);
      assertThat(stdout.getMessage()).contains("more than 8 MiB on standard output");
      assertThat(stderr.reason()).isEqualTo(Reason.OutputTooLarge);
      assertThat(stderr.getMessage()).contains("standard error");
      assertThat(connection.run("head -c 1000000 /dev/zero | wc -c").stdout().trim()).as("large but allowed").isEqualTo("1000000");
    }
  }

  @Test
  void anEndlessFeedLineEndsTheFeedInsteadOfFillingTheHeap(SandboxHost host) throws Exception {
    try (SshConnection connection = open(host, Duration.ofSeconds(60))) {
      CountDownLatch ended = new CountDownLatch(1);
      List<Integer> lengths = new ArrayList<>();
      try (SshConnection.Stream feed = connection.stream("echo first; cat /dev/zero | tr '\\\\0' x", line -> lengths.add(line.length()), ended::countDown)) {
        assertThat(ended.await(60, TimeUnit.SECONDS)).as("the feed ended").isTrue();
      }
      assertThat(lengths).containsExactly(5);
    }
  }

  @Test
  void hungHostsDoNotHoldUpAHealthyOne(SandboxHost hung, SandboxHost healthy) throws Exception {
    int hanging = 3 * Runtime.getRuntime().availableProcessors() + 2; // more than the common pool has threads
    List<CompletableFuture<Reason>> stuck = new ArrayList<>();
    AtomicInteger started = new AtomicInteger();
    try (SshConnection bad = open(hung, Duration.ofSeconds(10)); SshConnection good = open(healthy, Duration.ofSeconds(10))) {
      for (int i = 0; i < hanging; i++) {
        stuck.add(CompletableFuture.supplyAsync(() -> {
          started.incrementAndGet();
          try {
            bad.run("sleep 600");
            return null;
          } catch (HostAccessException e) {
            return e.reason();
          }
        }, runnable -> new Thread(runnable).start()));
      }
      while (started.get() < hanging) {
        Thread.sleep(50);
      }
      Thread.sleep(500); // every hung command has its session open and its readers blocked

      String answer = good.run("echo healthy").stdout();

      assertThat(answer).isEqualTo("healthy\n");
      assertThat(stuck).as("the hung host's commands were still waiting when the healthy host answered").noneMatch(CompletableFuture::isDone);
      for (CompletableFuture<Reason> command : stuck) {
        assertThat(command.get(60, TimeUnit.SECONDS)).isEqualTo(Reason.CommandTimedOut);
      }
    }
  }

  @Test
  void aContainerWithForgedComposeLabelsIsNotTakenForOneOfOurs(SandboxHost host) throws Exception {
    host.shell("docker run -d --name intruder --label 'note=a,com.docker.compose.project=torrust,com.docker.compose.service=tracker' "
        + host.image() + " sleep 100000 >/dev/null");
    try (SshConnection connection = open(host, Duration.ofSeconds(60))) {
      var observed = com.torrust.operator.observe.HostObserver.observe(connection, List.of());

      assertThat(observed.containers()).filteredOn(c -> c.name().equals("intruder")).singleElement()
          .satisfies(c -> assertThat(c.composeProject()).isNull());
      assertThat(observed.containersOf("torrust", "tracker")).isEmpty();
      assertThat(observed.problems()).isEmpty();
    }
  }

  @Test
  void aMatchBlockThatLetsPasswordsInIsSeenThoughSshdTDoesNotShowIt(SandboxHost host) throws Exception {
    host.shell("printf 'Match User deploy\\n  PasswordAuthentication yes\\n' >> /etc/ssh/sshd_config && sshd -t -f /etc/ssh/sshd_config");
    try (SshConnection connection = open(host, Duration.ofSeconds(60))) {
      var observed = com.torrust.operator.observe.HostObserver.observe(connection, List.of());

      assertThat(observed.sshd().passwordAuthentication()).as("sshd -T, outside every Match block").isEqualTo("no");
      assertThat(observed.sshd().passwordMatches()).containsExactly("Match User deploy");
      assertThat(observed.problems()).isEmpty();
    }
  }
}
