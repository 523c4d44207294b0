package com.torrust.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChangeFeedTest {

  @Test
  void theFirstLineIsTheBaselineAndOnlyADifferentLineIsAChange() {
    ChangeFeed.Detector detector = new ChangeFeed.Detector();

    assertThat(detector.changed("123 456")).isFalse();
    assertThat(detector.changed("123 456")).isFalse();
    assertThat(detector.changed("")).isFalse();
    assertThat(detector.changed("789 456")).isTrue();
    assertThat(detector.changed("789 456")).isFalse();
    assertThat(detector.changed("123 456")).isTrue();
  }

  @Test
  void theLoopPrintsAChecksumLineEveryIntervalAndStopsWhenItsOutputCloses() throws Exception {
    String script = ChangeFeed.script(Duration.ofMillis(300));
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
    assertThat(process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).as("loop ended after its output closed").isTrue();
  }
}
