package com.torrust.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The script's own shape, run by the local /bin/sh (the real-host test is HostObserverTest). */
class ObservationScriptTest {

  private static final String NONCE = "0123456789abcdef01234567";

  @Test
  void everySectionTheScriptStartsIsPrinted() {
    String script = ObservationScript.build(NONCE, List.of("/opt/torrust/a b"));
    Matcher started = Pattern.compile("(?m)^s ([a-z0-9-]+) ").matcher(script);
    List<String> names = started.results().map(m -> m.group(1)).sorted().toList();

    assertThat(names).containsExactlyInAnyOrderElementsOf(ObservationScript.SECTIONS);
  }

  @Test
  void concurrentAndSerialRunsPrintTheSameSectionsInTheSameOrder(@TempDir Path dir) throws Exception {
    String script = ObservationScript.build(NONCE, List.of(dir.resolve("missing").toString()));

    List<String> concurrent = sections(run(script, Map.of()));
    // No usable temporary folder: the sections run one after another instead.
    List<String> serial = sections(run(script, Map.of("TMPDIR", dir.resolve("absent").toString())));

    assertThat(concurrent).containsExactlyElementsOf(ObservationScript.SECTIONS);
    assertThat(serial).containsExactlyInAnyOrderElementsOf(ObservationScript.SECTIONS);
    String missing = dir.resolve("missing").toString();
    assertThat(ObservationParser.parse(run(script, Map.of()), NONCE, List.of(missing)).files().get(missing).exists()).isFalse();
  }

  private static List<String> sections(String output) {
    String end = ObservationScript.boundary(NONCE) + " END ";
    return output.lines().filter(l -> l.startsWith(end)).map(l -> l.substring(end.length()).split(" ")[0]).toList();
  }

  private static String run(String script, Map<String, String> environment) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-s");
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
