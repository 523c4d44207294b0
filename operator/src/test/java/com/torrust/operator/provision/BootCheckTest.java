package com.torrust.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootCheckTest {

  @Test
  void stillBootingUntilBootFinishedExists() {
    assertThat(BootCheck.parse("booting\n").finished()).isFalse();
    assertThat(BootCheck.parse("").finished()).isFalse();
  }

  @Test
  void finishedWithoutErrors() {
    BootCheck.Result result = BootCheck.parse("boot-finished\n{\"v1\": {\"datasource\": \"DataSourceHetzner\", \"errors\": []}}\n");
    assertThat(result.finished()).isTrue();
    assertThat(result.failed()).isFalse();
    // The script prints boot-finished only with result.json: an empty one is a failure, not a pass.
    assertThat(BootCheck.parse("boot-finished\n").failed()).isTrue();
  }

  @Test
  void theScriptWaitsForTheResultThatComesAfterBootFinished(@TempDir Path root) throws Exception {
    Path finished = root.resolve("boot-finished");
    Path result = root.resolve("result.json");
    String script = BootCheck.SCRIPT.replace("/var/lib/cloud/instance/boot-finished", finished.toString())
        .replace("/run/cloud-init/result.json", result.toString());

    Files.createFile(finished); // cloud-init's last module ran; its result is not written yet
    assertThat(BootCheck.parse(sh(script)).finished()).isFalse();
    Files.writeString(result, "{\"v1\": {\"errors\": [\"runcmd failed\"]}}");
    assertThat(BootCheck.parse(sh(script)).errors()).containsExactly("runcmd failed");
  }

  private static String sh(String script) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    process.waitFor();
    return out;
  }

  @Test
  void finishedWithErrorsFails() {
    BootCheck.Result result = BootCheck.parse("boot-finished\n{\"v1\": {\"errors\": [\"('users_groups', KeyError('x'))\"]}}");
    assertThat(result.failed()).isTrue();
    assertThat(result.errors()).isEqualTo(List.of("('users_groups', KeyError('x'))"));
    assertThat(BootCheck.parse("boot-finished\n{not json").failed()).isTrue();
  }
}
