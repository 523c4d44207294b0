package com.torrust.operator.cli;

import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.plan.HostPlan;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import com.torrust.operator.render.PlanReport;
import com.torrust.operator.render.PlannedFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes every file that would go to the host, and the plan, for review. Touches no host. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Render every file a TrackerDeployment puts on its host, plus plan.txt and plan.json (exposure table,"
          + " firewall rules, networks, services, directories, files), into a folder: reviewable in a pull"
          + " request before anything touches a host.",
      "Files land under OUT by their host path (OUT/opt/torrust/docker-compose.yml, ...), with their modes;"
          + " files holding secrets are 0600. Owners are listed in plan.txt.",
      "Secret values come from Secret documents in the same file, or from --secrets-dir."
    },
    footer = {"", "Exit codes: 0 rendered, 1 could not write, 2 invalid spec, missing secret or bad usage (nothing written)."})
final class RenderCommand implements Callable<Integer> {

  @CommandLine.Mixin ManifestOptions manifest;

  @Option(names = {"-d", "--output-dir"}, paramLabel = "OUT",
      description = "Folder to write to. Must be empty or absent unless --force is given.")
  Path output;

  /** The folder's old option: -o names an output format in every other command (kubectl's convention), so it is only an alias now. */
  @Option(names = {"-o", "--output"}, hidden = true, paramLabel = "OUT")
  Path deprecatedOutput;

  @Option(names = "--force", description = "Overwrite files in a folder that is not empty.")
  boolean force;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (deprecatedOutput != null) {
      err.println("warning: render -o/--output for the folder is deprecated and will be removed; use -d/--output-dir"
          + " (-o is the output format in validate, check, probe and apply)");
      if (output == null) {
        output = deprecatedOutput;
      }
    }
    if (output == null) {
      err.println("error: Missing required option: '--output-dir=OUT'");
      spec.commandLine().usage(err);
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    DeploymentInput.Loaded input;
    try {
      input = manifest.load(DeploymentInput.Generated.MADE_UP);
    } catch (DeploymentInput.RefusedException e) {
      e.lines().forEach(err::println);
      err.println("Nothing was written.");
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    TrackerDeployment deployment = input.deployment();
    String deploymentName = input.name();

    if (!force && Files.isDirectory(output)) {
      try (Stream<Path> entries = Files.list(output)) {
        if (entries.findAny().isPresent()) {
          err.println("error: " + output + " is not empty; use --force to overwrite; nothing was written");
          return TrackerOperatorCommand.EXIT_INVALID_INPUT;
        }
      }
    }

    HostPlan plan = Planner.plan(deploymentName, deployment.getSpec());
    DesiredHostState state = new FileRenderer().render(plan, deployment.getSpec(), input.secrets());

    for (String note : input.generated()) {
      err.println("note: made up a value for " + note + " (the operator generates and keeps its own in the cluster)");
    }
    Files.createDirectories(output);
    for (PlannedFile planned : state.files()) {
      Path target = output.resolve(planned.path().substring(1));
      write(target, planned.content(), planned.mode());
      out.println(String.format("%04o %s", planned.mode(), target));
    }
    write(output.resolve("plan.txt"), PlanReport.text(state), 0644);
    write(output.resolve("plan.json"), PlanReport.json(state), 0644);
    out.println("0644 " + output.resolve("plan.txt"));
    out.println("0644 " + output.resolve("plan.json"));
    out.println("Rendered " + state.files().size() + " host files for TrackerDeployment " + deploymentName + " into " + output);
    return 0;
  }

  /** Creates the file with its final mode from the start, so a secret is never readable by others, even briefly. */
  private static void write(Path target, String content, int mode) throws IOException {
    Files.createDirectories(target.getParent());
    Set<PosixFilePermission> permissions = permissions(mode);
    Files.deleteIfExists(target);
    Files.createFile(target, PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
    Files.writeString(target, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    Files.setPosixFilePermissions(target, permissions);
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder rwx = new StringBuilder();
    String letters = "rwxrwxrwx";
    for (int bit = 8; bit >= 0; bit--) {
      rwx.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
    }
    return PosixFilePermissions.fromString(rwx.toString());
  }
}
