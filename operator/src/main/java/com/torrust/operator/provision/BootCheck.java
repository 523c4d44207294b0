package com.torrust.operator.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Whether cloud-init has finished on a new server, from one command's output (no waiting on the host). */
public final class BootCheck {

  /** Prints "booting", or "boot-finished" and cloud-init's result (errors of every stage). */
  public static final String SCRIPT = "if [ -f /var/lib/cloud/instance/boot-finished ]; then echo boot-finished;"
      + " cat /run/cloud-init/result.json 2>/dev/null; else echo booting; fi";
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
    if (!json.isEmpty()) {
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
