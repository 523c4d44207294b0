package com.torrust.operator.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A script cut off on its way runs nothing, with the shells hosts have (dash as /bin/sh, busybox sh). */
class WholeScriptTest {

  @TempDir Path dir;

  private int runCut(String shell, String script, int keep) throws Exception {
    byte[] bytes = SshConnection.whole(script).getBytes(StandardCharsets.UTF_8);
    Process process = new ProcessBuilder(shell.split(" ")).directory(dir.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().write(bytes, 0, keep < 0 ? bytes.length : keep);
    process.getOutputStream().close();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bin/sh -s", "busybox sh -s"})
  void aScriptCutAnywhereRunsNothingAndAWholeOneRunsAll(String shell) throws Exception {
    String script = "touch first\nrm -rf important\ntouch last";
    int length = SshConnection.whole(script).getBytes(StandardCharsets.UTF_8).length;
    for (int keep = 1; keep < length - 1; keep++) {
      Files.createDirectories(dir.resolve("important"));
      runCut(shell, script, keep);
      assertThat(dir.resolve("first")).as("cut after %d bytes", keep).doesNotExist();
      assertThat(dir.resolve("important")).as("cut after %d bytes", keep).exists();
    }

    assertThat(runCut(shell, script, -1)).isZero();
    assertThat(dir.resolve("first")).exists();
    assertThat(dir.resolve("last")).exists();
    assertThat(dir.resolve("important")).doesNotExist();
  }
}
