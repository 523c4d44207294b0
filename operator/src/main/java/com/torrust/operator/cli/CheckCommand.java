package com.torrust.operator.cli;

import com.torrust.operator.api.HostSpec;
import com.torrust.operator.drift.DriftEngine;
import com.torrust.operator.drift.Finding;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.HostKeyPin;
import com.torrust.operator.host.HostKeys;
import com.torrust.operator.host.SshConnection;
import com.torrust.operator.host.SshTarget;
import com.torrust.operator.observe.HostObserver;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.converge.ConvergePlanner;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Looks at a host once and reports where it differs from its TrackerDeployment. Changes nothing. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Look at the host of a TrackerDeployment once, over SSH, and report every difference from the spec"
          + " (drift): unexpected public ports, firewall state and rules, services, images, files, sshd settings.",
      "Everything is read with one remote command (and a second, short one to name the processes"
          + " behind unexpected listeners, when there are any); nothing on the host is changed. With --probe the"
          + " deployment is also tried from here, as its clients reach it."
    },
    footer = {
      "",
      "Exit codes: 0 no drift, 1 drift found, 2 invalid input, 3 host unreachable, authentication or host key"
          + " failure (no command is run on a host with the wrong key).",
      "The JSON shape ({\"host\":{...},\"drift\":[...],\"problems\":[...]}) is documented in docs/drift.md."
    })
final class CheckCommand implements Callable<Integer> {

  @CommandLine.Mixin ManifestOptions manifest;

  @CommandLine.Mixin HostOptions hostOptions;

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text (default), json or yaml.")
  OutputFormat format;

  @Option(names = "--probe", description = "Also try the deployment from here as its clients do (what `probe` does, 3 s per try):"
      + " its findings join the drift, and each try is listed.")
  boolean probe;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * The stable JSON/YAML shape of a check.
   *
   * @param probe the tries from outside, with --probe; null without
   */
  record Report(HostReport host, List<com.torrust.operator.api.ImageStatus> images, List<Finding> drift, List<String> problems,
      List<com.torrust.operator.probe.ProbeResult> probe) {}

  record HostReport(String address, int port, String user, String hostKey, String hostKeyFingerprint, boolean hostKeyPinned,
      String os, String dockerVersion, String composeVersion, String composeCommand, String ufwVersion) {}

  @Override
  public Integer call() throws IOException {
    // What the host says reaches a person's terminal: control characters are shown, never obeyed.
    PrintWriter out = Terminal.safe(spec.commandLine().getOut());
    PrintWriter err = Terminal.safe(spec.commandLine().getErr());
    HostOptions.HostInput loaded;
    try {
      loaded = hostOptions.load(manifest, DeploymentInput.Generated.READ);
    } catch (DeploymentInput.RefusedException e) {
      e.lines().forEach(err::println);
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    DeploymentInput.Loaded input = loaded.input();
    SshTarget target = loaded.target();
    HostSpec host = input.deployment().getSpec().host();
    HostKeyPin pin = target.pin();
    DesiredHostState desired = input.desired();
    Observation observation;
    String seenKey;
    String seenFingerprint;
    long started = System.nanoTime();
    err.println("Checking " + target + " ...");
    try (SshConnection connection = SshConnection.open(target)) {
      seenKey = HostKeys.line(connection.hostKey());
      seenFingerprint = HostKeys.fingerprint(connection.hostKey());
      observation = HostObserver.observe(connection, ConvergePlanner.observedPaths(desired));
    } catch (HostAccessException e) {
      err.println("error: " + e.reason() + ": " + e.getMessage());
      return TrackerOperatorCommand.exitFor(e);
    }
    List<Finding> drift = new java.util.ArrayList<>(DriftEngine.findings(desired, observation, input.deployment().getSpec().drift().ignore()));
    err.println(String.format(Locale.ROOT, "Looked at the host in %.2f s.", (System.nanoTime() - started) / 1e9));
    List<com.torrust.operator.probe.ProbeResult> tries = null;
    if (probe) {
      long probing = System.nanoTime();
      try {
        var addresses = com.torrust.operator.host.AddressPolicy.DEFAULT.resolveAll(target.address());
        var targets = com.torrust.operator.probe.ProbePlanner.plan(desired.plan(), input.deployment().getSpec());
        tries = new com.torrust.operator.probe.Prober(java.time.Duration.ofSeconds(3)).probe(addresses, targets);
        drift.addAll(com.torrust.operator.probe.ProbeFindings.of(tries, java.time.Instant.now()));
        drift.sort(java.util.Comparator.comparing(Finding::severity));
      } catch (HostAccessException e) {
        err.println("error: " + e.reason() + ": " + e.getMessage());
        return TrackerOperatorCommand.exitFor(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return TrackerOperatorCommand.EXIT_INVALID_INPUT;
      }
      err.println(String.format(Locale.ROOT, "Tried %d ports from here in %.2f s.", tries.size(), (System.nanoTime() - probing) / 1e9));
    }

    var facts = observation.facts();
    Report report = new Report(
        new HostReport(host.address(), host.sshPort(), host.user(), seenKey, seenFingerprint, pin != null,
            facts.os(), facts.dockerVersion(), facts.composeVersion(), facts.composeCommand(), facts.ufwVersion()),
        com.torrust.operator.drift.ImageDrift.statuses(desired.plan(), observation), drift, observation.problems(), tries);
    if (!format.write(out, report)) {
      printText(out, input.name(), report);
    }
    return drift.isEmpty() ? 0 : 1;
  }

  private static void printText(PrintWriter out, String deployment, Report report) {
    HostReport host = report.host();
    out.println("Host " + host.user() + "@" + host.address() + ":" + host.port() + ", host key " + host.hostKeyFingerprint()
        + (host.hostKeyPinned() ? " (pinned)" : " (NOT pinned: pin it with --host-key or spec.host.hostKey: " + host.hostKey() + ")"));
    // A fresh server has none of them yet: say so rather than print "null".
    out.println(String.join("; ", List.of(
        host.os() == null ? "operating system unknown" : host.os(),
        host.dockerVersion() == null ? "Docker not installed" : "Docker " + host.dockerVersion(),
        host.composeCommand() == null ? "Docker Compose not installed" : host.composeCommand() + " " + host.composeVersion(),
        host.ufwVersion() == null ? "UFW not installed" : "ufw " + host.ufwVersion())));
    for (var image : report.images()) {
      var scan = image.scan();
      out.println("  " + image.service() + ": " + image.image() + " = " + image.id().substring(0, 19) + (image.digest() == null ? "" : " " + image.digest())
          + (image.recordedAt() == null ? "" : ", recorded " + image.recordedAt())
          + (scan == null ? "" : scan.error() != null ? "; no scan result: " + scan.error()
              : String.format(Locale.ROOT, "; scanned %s: %d critical, %d high, %d medium, %d low", scan.scannedAt(), scan.critical(), scan.high(),
                  scan.medium(), scan.low())));
    }
    if (report.probe() != null) {
      ProbeCommand.printTries(out, report.probe());
    }
    OutputFormat.printFindings(out, report.drift(), "No drift: the host matches TrackerDeployment " + deployment + "."
        + (report.probe() == null ? "" : " Every endpoint answers from here, and nothing else does."));
  }
}
