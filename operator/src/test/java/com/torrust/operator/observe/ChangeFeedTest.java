package com.torrust.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChangeFeedTest {

  @Test
  void aChangeLineIsAlwaysAChangeAndOtherLinesAreStatesComparedWithTheLast() {
    ChangeFeed.Detector detector = new ChangeFeed.Detector();

    assertThat(detector.changed(".")).as("the first state is the baseline").isFalse();
    assertThat(detector.changed(".")).isFalse();
    assertThat(detector.changed("")).isFalse();
    assertThat(detector.changed("! docker")).isTrue();
    assertThat(detector.changed("! docker")).as("every event line counts").isTrue();
    assertThat(detector.changed(".")).isFalse();
  }

  @Test
  void thePollingLoopsChecksumIsAStateToo() {
    ChangeFeed.Detector detector = new ChangeFeed.Detector();

    assertThat(detector.changed("123 456")).isFalse();
    assertThat(detector.changed("123 456")).isFalse();
    assertThat(detector.changed("789 456")).isTrue();
    assertThat(detector.changed("789 456")).isFalse();
    assertThat(detector.changed("123 456")).isTrue();
  }

  @Test
  void thePollingLoopPrintsAChecksumLineEveryIntervalAndStopsWhenItsOutputCloses() throws Exception {
    String script = ChangeFeed.pollingScript(Duration.ofMillis(300));
    assertThat(script).contains("sleep 1\n"); // whole seconds, at least one

    Process process = new ProcessBuilder("/bin/sh", "-s").start();
    process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    String second = out.readLine();
    out.close(); // the next write gets SIGPIPE: the loop ends by itself

    assertThat(first).matches("\\d+ \\d+");
    assertThat(second).matches("\\d+ \\d+");
    assertThat(process.waitFor(5, TimeUnit.SECONDS)).as("loop ended after its output closed").isTrue();
  }

  /**
   * The event program on this machine (no Docker daemon, maybe no inotify or nft: their polled
   * fallbacks): a new listening socket is seen from /proc/net, heartbeats come, and when the output
   * closes every process it started goes with it.
   */
  @Test
  void theEventProgramSeesANewListenerAndLeavesNothingBehindWhenItsOutputCloses() throws Exception {
    Process process = new ProcessBuilder("/bin/sh", "-s").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    process.getOutputStream().write(ChangeFeed.script(Duration.ofMillis(200), Duration.ofMillis(600)).getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    BlockingQueue<String> lines = lines(process);

    assertThat(lines.poll(10, TimeUnit.SECONDS)).as("ready: baselines taken").isEqualTo(".");
    List<ProcessHandle> started = process.descendants().toList();
    assertThat(started).as("the relay runs beside the loop").isNotEmpty();
    String seen;
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
      seen = awaitChange(lines);
    }
    assertThat(seen).isEqualTo("! sockets");
    assertThat(awaitChange(lines)).as("the listener closed").isEqualTo("! sockets");
    assertThat(lines.poll(5, TimeUnit.SECONDS)).as("a heartbeat").isEqualTo(".");

    process.getInputStream().close();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the program ended after its output closed").isTrue();
    for (ProcessHandle child : started) {
      assertThat(child.onExit()).as("process %s ended with the feed", child.pid()).succeedsWithin(Duration.ofSeconds(5));
    }
  }

  /**
   * Between two reads of the socket tables (a minute apart here), a new listener is seen through the
   * socket counts within a tick; a connection, which changes the counts but no listener, says nothing.
   */
  @Test
  void betweenTwoReadsOfTheTablesTheCountsSeeANewListenerAndAConnectionSaysNothing() throws Exception {
    String script = ChangeFeed.script(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMillis(200));
    assertThat(script).as("tick, heartbeat and table read in ticks").contains("exec bash -s 0.200 300 6 300 ");
    assertThat(ChangeFeed.script(Duration.ofSeconds(30))).as("the default: counts every 0.75 s, tables every 40 ticks")
        .contains("exec bash -s 0.750 7 6 40 ");
    Process process = new ProcessBuilder("/bin/sh", "-s").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    BlockingQueue<String> lines = lines(process);
    try {
      assertThat(lines.poll(10, TimeUnit.SECONDS)).as("ready: baselines taken").isEqualTo(".");
      try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("0.0.0.0"))) {
        long start = System.nanoTime();
        assertThat(awaitChange(lines)).isEqualTo("! sockets");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("seen through the counts, not the minute's read").isLessThan(Duration.ofSeconds(10));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort()); Socket accepted = listener.accept()) {
          assertThat(lines.poll(2, TimeUnit.SECONDS)).as("a connection: the counts change, the listeners do not").isNull();
        }
      }
    } finally {
      process.getInputStream().close();
      process.destroy();
    }
  }

  private static BlockingQueue<String> lines(Process process) {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        // closed by the test
      }
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static String awaitChange(BlockingQueue<String> lines) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith("!")) {
        return line;
      }
    }
    return null;
  }
}
