package com.torrust.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.torrust.operator.admission.Admission;
import com.torrust.operator.admission.InvalidSpecException;
import com.torrust.operator.admission.Violation;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Checks TrackerDeployment manifests exactly as the API server with the operator's CRD would. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check TrackerDeployment manifests against the operator's CRD: defaults, schema and CEL rules, the"
          + " same checks kubectl apply gets from the API server. Touches no host and no cluster.",
      "Other documents in the file (Secrets, ...) are skipped."
    },
    footer = {"", "Exit codes: 0 every TrackerDeployment is valid, 2 a file or a TrackerDeployment is invalid."})
final class ValidateCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description = "Manifest file with one or more YAML documents; '-' reads standard input. Repeatable.")
  List<String> files;

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
      description = "text (default), json or yaml: one entry per TrackerDeployment and per file that cannot be read.")
  OutputFormat format;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * One entry of the JSON/YAML report: a TrackerDeployment checked, or a file that could not be read
   * (kind and name null, the reason in violations).
   */
  record Checked(String file, String kind, String name, boolean valid, List<Violation> violations) {}

  @Override
  public Integer call() throws com.fasterxml.jackson.core.JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Admission admission = Admission.fromClasspath();
    boolean valid = true;
    List<Checked> report = new java.util.ArrayList<>();
    for (String file : files) {
      List<JsonNode> documents;
      try {
        documents = Manifests.read(file, System.in);
      } catch (Manifests.UnreadableManifestException e) {
        err.println("error: " + e.getMessage());
        report.add(new Checked(file, null, null, false, List.of(new Violation("file", e.getMessage()))));
        valid = false;
        continue;
      }
      int checked = 0;
      for (JsonNode document : documents) {
        if (!Admission.KIND.equals(document.path("kind").asText())) {
          continue;
        }
        checked++;
        String name = document.path("metadata").path("name").asText(null);
        try {
          admission.admit(document);
          report.add(new Checked(file, Admission.KIND, name, true, List.of()));
          if (format == OutputFormat.text) {
            out.println(file + ": " + Manifests.describe(document) + " is valid");
          }
        } catch (InvalidSpecException e) {
          valid = false;
          report.add(new Checked(file, Admission.KIND, name, false, e.violations()));
          err.println(file + ": " + Manifests.describe(document) + " is invalid:");
          for (Violation violation : e.violations()) {
            err.println("  " + violation);
          }
        }
      }
      if (checked == 0) {
        err.println("error: " + file + ": no TrackerDeployment in it");
        report.add(new Checked(file, null, null, false, List.of(new Violation("file", "no TrackerDeployment in it"))));
        valid = false;
      }
    }
    format.write(out, report);
    return valid ? 0 : TrackerOperatorCommand.EXIT_INVALID_INPUT;
  }
}
