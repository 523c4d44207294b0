package com.torrust.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.Condition;
import com.torrust.operator.api.Endpoint;
import com.torrust.operator.api.HostStatus;
import com.torrust.operator.api.TrackerDeploymentStatus;
import com.torrust.operator.probe.ProbeReport;
import com.torrust.operator.probe.ProbeResult;
import com.torrust.operator.probe.ProbeTarget;
import com.torrust.operator.probe.ProbeTarget.Check;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outside prober's report in status (pure): the Serving condition, findings in drift, results on endpoints, Events. */
class ServingStatusTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static final HostStatus HOST = new HostStatus("ssh-ed25519 AAAA", "SHA256:x", "Debian 12", "20.10", "1.29.2", "0.36.2");
  private static final ProbeTarget UDP = new ProbeTarget(Check.UdpTracker, 6969, null, "udp-tracker");
  private static final ProbeTarget HTTPS = new ProbeTarget(Check.HttpTracker, 443, "t.example.com", "http-tracker");
  private static final ProbeTarget MYSQL = new ProbeTarget(Check.MustNotAnswer, 3306, null, "mysql");
  private static final List<Endpoint> ENDPOINTS = List.of(new Endpoint("udp-tracker", "UDP", 6969, "udp://203.0.113.10:6969/announce"),
      new Endpoint("http-tracker", "TCP", 443, "https://t.example.com/announce"));

  private static TrackerDeploymentStatus status(TrackerDeploymentStatus before, ProbeReport report) {
    Outcome.Observed observed = new Outcome.Observed(HOST, ENDPOINTS, List.of(), true, true, true, List.of(), "hash", null, List.of());
    return StatusCalculator.next(before, 1, observed.withProbe(report), T0);
  }

  private static ProbeResult result(ProbeTarget target, boolean ok, String detail) {
    return new ProbeResult(target, "203.0.113.10", ok, detail, 12, null, null, null);
  }

  private static Condition serving(TrackerDeploymentStatus status) {
    return status.conditions().stream().filter(c -> c.type().equals("Serving")).findFirst().orElseThrow();
  }

  @Test
  void beforeTheFirstTryServingIsUnknownAndNothingElseChanges() {
    TrackerDeploymentStatus status = status(null, ProbeReport.PENDING);

    assertThat(serving(status).status()).isEqualTo(Condition.UNKNOWN);
    assertThat(serving(status).reason()).isEqualTo(Reasons.PROBE_PENDING);
    assertThat(status.endpoints()).allSatisfy(e -> assertThat(e.serving()).isNull());
    assertThat(status.drift()).isEmpty();
  }

  @Test
  void everyEndpointAnsweringIsServingAndEachEndpointCarriesItsAnswer() {
    ProbeReport report = new ProbeReport(List.of(result(UDP, true, "connect, announce and scrape answered"),
        result(HTTPS, true, "announce answered; scrape answered"), result(MYSQL, true, "connection refused")), T0);

    TrackerDeploymentStatus status = status(null, report);

    assertThat(serving(status).status()).isEqualTo(Condition.TRUE);
    assertThat(serving(status).message()).isEqualTo("2 endpoint tries answered from outside in their protocol.");
    assertThat(status.endpoints()).extracting(Endpoint::serving).containsExactly(true, true);
    assertThat(status.endpoints().get(1).probe()).isEqualTo("announce answered; scrape answered");
    assertThat(status.endpoints().get(1).latency()).as("12 ms, by order of magnitude").isEqualTo("under 100 ms");
    assertThat(status.conditions()).filteredOn(c -> c.type().equals("Ready")).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo("True"));
  }

  @Test
  void aSilentEndpointIsNotServingADriftFindingAndAnEventOnceAndAnOpenPortIsCritical() {
    ProbeReport good = new ProbeReport(List.of(result(UDP, true, "ok"), result(HTTPS, true, "ok"), result(MYSQL, true, "refused")), T0);
    ProbeReport bad = new ProbeReport(List.of(result(UDP, false, "no answer within 3000 ms (sent twice)"), result(HTTPS, true, "ok"),
        result(MYSQL, false, "accepted a TCP connection from outside")), T0);
    TrackerDeploymentStatus before = status(null, good);

    TrackerDeploymentStatus after = status(before, bad);

    assertThat(serving(after).status()).isEqualTo(Condition.FALSE);
    assertThat(serving(after).message()).isEqualTo("Not answering from outside: udp-tracker 6969/udp at 203.0.113.10; see status.endpoints.");
    assertThat(after.endpoints().get(0).serving()).isFalse();
    assertThat(after.endpoints().get(0).probe()).isEqualTo("no answer within 3000 ms (sent twice)");
    assertThat(after.drift()).extracting(d -> d.kind()).containsExactly("PortAnswersFromOutside", "EndpointNotServing");
    assertThat(StatusEvents.between(before, after)).extracting(StatusEvent::reason).contains(Reasons.ENDPOINTS_NOT_SERVING, "DriftDetected");
    assertThat(StatusEvents.between(after, status(after, bad))).as("no Event while nothing changes").isEmpty();
    assertThat(StatusEvents.between(after, status(after, good))).extracting(StatusEvent::reason).contains(Reasons.ENDPOINTS_SERVING);
  }

  @Test
  void whileSshCannotReachTheHostServingFollowsTheOutsideView() {
    ProbeReport good = new ProbeReport(List.of(result(UDP, true, "ok"), result(HTTPS, true, "ok"), result(MYSQL, true, "refused")), T0);
    ProbeReport down = new ProbeReport(List.of(result(UDP, false, "no answer within 3000 ms (sent twice)"), result(HTTPS, true, "ok"),
        result(MYSQL, true, "refused")), T0);
    TrackerDeploymentStatus before = status(null, good);
    Outcome.HostProblem unreachable = new Outcome.HostProblem("HostUnreachable", "SSH to 203.0.113.10:22 timed out", false);

    TrackerDeploymentStatus kept = StatusCalculator.next(before, 1, unreachable, T0);
    TrackerDeploymentStatus followed = StatusCalculator.next(before, 1, unreachable.withProbe(down), T0);

    assertThat(serving(kept).status()).as("no report: the last verdict is kept").isEqualTo(Condition.TRUE);
    assertThat(serving(followed).status()).isEqualTo(Condition.FALSE);
    assertThat(followed.endpoints().get(0).serving()).isFalse();
    assertThat(followed.conditions()).filteredOn(c -> c.type().equals("HostReachable")).singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(Condition.FALSE));
    assertThat(StatusEvents.between(before, followed)).extracting(StatusEvent::reason).contains(Reasons.ENDPOINTS_NOT_SERVING);
    assertThat(unreachable.unreachable()).isTrue();
    assertThat(new Outcome.HostProblem("HostKeyMismatch", "m", true).unreachable()).as("a host that answers wrongly").isFalse();
  }

  @Test
  void aTlsEndpointIsMatchedByItsDomain() {
    ProbeTarget other = new ProbeTarget(Check.HttpTracker, 443, "other.example.com", "http-tracker");
    ProbeReport report = new ProbeReport(List.of(result(other, false, "refused")), T0);

    TrackerDeploymentStatus status = status(null, report);

    assertThat(status.endpoints().get(1).serving()).as("another domain's try is not this endpoint's").isNull();
  }
}
