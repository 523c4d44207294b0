package com.torrust.operator.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Whether cloud-init has finished on a new server, from one command's output (no waiting on the host). */
public final class BootCheck {

  /**
   * Prints "booting", or "boot-finished" and cloud-init's result (errors of every stage). Finished needs
   * both files: cloud-init writes boot-finished in its last module and result.json after it, so
   * boot-finished alone would let a failed runcmd pass in that window.
   */
  public static final String SCRIPT = "if [ -f /var/lib/cloud/instance/boot-finished ] && [ -f /run/cloud-init/result.json ]; then"
      + " echo boot-finished; cat /run/cloud-init/result.json; else echo booting; fi";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The verdict: finished (errors empty), finished with errors, or still booting. */
  public record Result(boolean finished, List<String> errors) {
    public boolean failed() {
      return finished && !errors.isEmpty();
    }
  }

  private BootCheck() {}

  public static Result parse(String output) {
    String trimmed = output == null ? "" : output.strip();
    if (!trimmed.startsWith("boot-finished")) {
      return new Result(false, List.of());
    }
    String json = trimmed.substring("boot-finished".length()).strip();
    List<String> errors = new ArrayList<>();
    if (json.isEmpty()) {
      errors.add("cloud-init's /run/cloud-init/result.json is empty");
    } else {
      try {
        for (JsonNode error : JSON.readTree(json).path("v1").path("errors")) {
          errors.add(error.asText());
        }
      } catch (IOException e) {
        errors.add("cloud-init's /run/cloud-init/result.json is not valid JSON");
      }
    }
    return new Result(true, List.copyOf(errors));
  }
}
