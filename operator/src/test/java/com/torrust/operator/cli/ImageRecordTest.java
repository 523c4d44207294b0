package com.torrust.operator.cli;

import static com.torrust.operator.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.torrust.operator.Specs;
import com.torrust.operator.cli.CommandLineTest.Run;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tag pushed again, on a real registry (Debian's docker-registry inside the sandbox host) and a real
 * Docker engine: the image and digest that run are recorded at deploy time, a tag later pulled onto
 * another image is drift, accepting it records the new one, and with pinDigests apply puts the recorded
 * image back, pulled by its digest when it is gone from the host.
 */
@ExtendWith(SandboxHosts.class)
class ImageRecordTest {

  private static final String TAG = "127.0.0.1:5000/torrust/tracker:v3.0.0";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** A new tracker image under the same tag, pushed, and pulled onto the service as `docker compose pull && up -d` would. */
  private static String pushAgainAndRecreate(SandboxHost host) {
    host.standin("tracker", TAG, "v3.0.0");
    host.shell("docker push -q " + TAG + " >/dev/null && cd /opt/torrust && { docker compose up -d 2>/dev/null || docker-compose up -d; } >/dev/null 2>&1");
    return running(host);
  }

  private static String running(SandboxHost host) {
    return host.shell("docker inspect --format '{{.Image}}' $(docker ps -q --filter label=com.docker.compose.service=tracker)").trim();
  }

  private JsonNode tracker(String[] target) throws Exception {
    Run check = run(concat(new String[] {"check", "-o", "json"}, target));
    JsonNode report = JSON.readTree(check.out());
    for (JsonNode image : report.get("images")) {
      if (image.get("service").asText().equals("tracker")) {
        return image;
      }
    }
    throw new AssertionError("no tracker image in " + check.out());
  }

  @Test
  void aMovedTagIsFoundAcceptedOrPutBack(SandboxHost host) throws Exception {
    host.registry();
    host.standin("tracker", TAG, "v3.0.0");
    host.shell("docker push -q " + TAG + " >/dev/null");
    String deployed = host.shell("docker image inspect --format '{{.Id}}' " + TAG).trim();
    Path manifest = dir.resolve("td.yaml");
    String yaml = host.manifest(Specs.MINIMAL.replace("    httpTrackers: [{port: 7070}]\n", "    httpTrackers: [{port: 7070}]\n    image: " + TAG + "\n"),
        "image-record-token");
    Files.writeString(manifest, yaml);
    String[] target = host.cliTarget(manifest);
    Run apply = run(concat(new String[] {"apply", "--wait", "60"}, target));
    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out()).contains("Images: recorded tracker");

    JsonNode image = tracker(target);
    assertThat(image.get("id").asText()).isEqualTo(deployed);
    assertThat(image.get("digest").asText()).startsWith("127.0.0.1:5000/torrust/tracker@sha256:");
    String deployedDigest = image.get("digest").asText();
    assertThat(image.has("recordedAt")).isTrue();

    String moved = pushAgainAndRecreate(host);
    assertThat(moved).isNotEqualTo(deployed);
    Run check = run(concat(new String[] {"check"}, target));
    assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(1);
    assertThat(check.out()).contains("ImageChanged", "runs " + TAG + " as image " + moved.substring(0, 19), "not the image " + deployed.substring(0, 19));
    assertThat(tracker(target).get("recordedId").asText()).isEqualTo(deployed);

    // Without the pin, apply leaves the new image running; accepting it records it.
    Run accept = run(concat(new String[] {"apply", "--wait", "60", "--accept-images"}, target));
    assertThat(accept.exitCode()).as(accept.out() + accept.err()).isZero();
    assertThat(running(host)).isEqualTo(moved);
    assertThat(run(concat(new String[] {"check"}, target)).exitCode()).isZero();

    // With the pin, a tag moved again is put back on the recorded image, pulled by its digest when it is gone.
    Files.writeString(manifest, yaml.replace("  tracker:\n", "  images: {pinDigests: true}\n  tracker:\n"));
    String again = pushAgainAndRecreate(host);
    host.shell("docker rmi -f " + moved + " >/dev/null");
    assertThat(host.exec("docker", "image", "inspect", moved).exitCode()).isNotZero();
    Run pinned = run(concat(new String[] {"apply", "--wait", "60"}, target));
    assertThat(pinned.exitCode()).as(pinned.out() + pinned.err()).isZero();
    assertThat(pinned.out()).contains("put tracker back on the image recorded at deploy time");
    assertThat(running(host)).isEqualTo(moved).isNotEqualTo(again);
    assertThat(host.shell("docker image inspect --format '{{.Id}}' " + TAG).trim()).isEqualTo(moved);
    assertThat(run(concat(new String[] {"check"}, target)).exitCode()).isZero();
    assertThat(deployedDigest).isNotEqualTo(tracker(target).get("digest").asText());
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
