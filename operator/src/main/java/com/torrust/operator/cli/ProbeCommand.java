package com.torrust.operator.cli;

import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.drift.Finding;
import com.torrust.operator.host.AddressPolicy;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.plan.Planner;
import com.torrust.operator.probe.ProbeFindings;
import com.torrust.operator.probe.ProbePlanner;
import com.torrust.operator.probe.ProbeResult;
import com.torrust.operator.probe.ProbeTarget;
import com.torrust.operator.probe.Prober;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Tries a deployment's endpoints from where its clients stand. Sends nothing but the probes. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Try a TrackerDeployment from outside, as its clients do: every UDP tracker with BEP 15 (connect, announce,"
          + " scrape), every HTTP tracker with announce and scrape (through TLS by its domain when it has tls), the API's"
          + " health check (no token), Grafana's health, HTTP/3 on Caddy's UDP 443 (a QUIC version negotiation);"
          + " and check that ports the plan keeps local or internal (MySQL,"
          + " Prometheus, the health-check API) and a bounded set of dangerous ports do not answer.",
      "Traffic goes only to the host's own addresses (every address of spec.host.address, or --address): endpoints"
          + " are tried 4 at a time, the closed ports all at once (one connection attempt each, at most 1 s); announces"
          + " use a synthetic info-hash ('tracker-operator-prb') and event=stopped. No SSH, no secret."
    },
    footer = {
      "",
      "Exit codes: 0 every endpoint serves and nothing else answers, 1 findings, 2 invalid input or an address that"
          + " may not be used, 3 a host name that does not resolve.",
      "Findings (EndpointNotServing, PortAnswersFromOutside, CertificateInvalid, CertificateExpiring) are described in docs/drift.md."
    })
final class ProbeCommand implements Callable<Integer> {

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
      description = "Manifest with the TrackerDeployment; '-' reads standard input.")
  String file;

  @Option(names = "--name", paramLabel = "NAME", description = "Which TrackerDeployment to use when the file holds more than one.")
  String name;

  @Option(names = "--address", paramLabel = "ADDRESS",
      description = "Probe this address instead of spec.host.address (a server the operator created, an IPv6 address of the host).")
  String address;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3",
      description = "How long each try waits for an answer (default 3; UDP requests are sent twice).")
  int timeoutSeconds;

  @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT", description = "text (default), json or yaml.")
  OutputFormat format;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One line per try: ok or FAIL, what, how long, what it saw. */
  static void printTries(PrintWriter out, List<ProbeResult> results) {
    for (ProbeResult r : results) {
      out.println(String.format(Locale.ROOT, "  %-4s %-40s %5d ms  %s", r.ok() ? "ok" : "FAIL", r.target().describe(), r.latencyMillis(),
          r.detail() + (r.certificateNotAfter() == null ? "" : "; certificate valid until " + r.certificateNotAfter())));
    }
  }

  /** The stable JSON/YAML shape of a probe. */
  record Report(List<String> addresses, boolean serving, List<ProbeResult> results, List<Finding> findings) {}

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = Terminal.safe(spec.commandLine().getOut());
    PrintWriter err = Terminal.safe(spec.commandLine().getErr());
    if (timeoutSeconds < 1 || timeoutSeconds > 60) {
      err.println("error: --timeout must be between 1 and 60 seconds, not " + timeoutSeconds);
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    TrackerDeployment deployment;
    try {
      deployment = DeploymentInput.admitted(DeploymentInput.read(file), file, name);
    } catch (DeploymentInput.RefusedException e) {
      e.lines().forEach(err::println);
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    String host = address != null ? address : deployment.getSpec().host().address();
    if (host == null) {
      err.println("error: TrackerDeployment " + deployment.getMetadata().getName() + " has no spec.host.address (a server the operator"
          + " creates): give the server's address with --address");
      return TrackerOperatorCommand.EXIT_INVALID_INPUT;
    }
    List<InetAddress> resolved;
    try {
      resolved = AddressPolicy.DEFAULT.resolveAll(host); // a name with IPv4 and IPv6 addresses: both are tried
    } catch (HostAccessException e) {
      err.println("error: " + e.reason() + ": " + e.getMessage());
      return TrackerOperatorCommand.exitFor(e);
    }
    List<ProbeTarget> targets = ProbePlanner.plan(Planner.plan(deployment.getMetadata().getName(), deployment.getSpec()), deployment.getSpec());
    List<String> shown = resolved.stream().map(InetAddress::getHostAddress).toList();
    err.println("Probing " + targets.size() + " ports of " + String.join(" and ", shown) + " from here ...");
    long started = System.nanoTime();
    List<ProbeResult> results = new Prober(Duration.ofSeconds(timeoutSeconds)).probe(resolved, targets);
    List<Finding> findings = ProbeFindings.of(results, Instant.now());
    err.println(String.format(Locale.ROOT, "Probed in %.2f s.", (System.nanoTime() - started) / 1e9));
    Report report = new Report(shown, ProbeFindings.serving(results), results, findings);
    if (!format.write(out, report)) {
      printText(out, deployment.getMetadata().getName(), report);
    }
    return findings.isEmpty() ? 0 : 1;
  }

  private static void printText(PrintWriter out, String deployment, Report report) {
    printTries(out, report.results());
    OutputFormat.printFindings(out, report.findings(),
        "Serving: every endpoint of TrackerDeployment " + deployment + " answers from here, and nothing else does.");
  }
}
