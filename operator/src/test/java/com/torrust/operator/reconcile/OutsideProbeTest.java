package com.torrust.operator.reconcile;

import static com.torrust.operator.reconcile.OperatorHarness.condition;
import static com.torrust.operator.reconcile.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.TrackerDeployment;
import com.torrust.operator.host.AddressPolicy;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's outside prober against a real sandbox host whose tracker stand-in serves the tracker
 * protocols with Debian's opentracker: Serving=True with every endpoint's answer; a port that answers
 * from outside, and UDP dropped in front of the tracker's container where the host-side view cannot
 * see it, each found within one probe interval; and back.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(SandboxHosts.class)
class OutsideProbeTest {

  static final ReconcileSettings PROBING = OperatorHarness.QUICK
      .withProbes(new ProbeSettings(true, Duration.ofSeconds(2), 4, 16, AddressPolicy.DEFAULT));

  KubernetesClient client;
  OperatorHarness operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
  }

  /** The tracker stand-in (opentracker behind it), an operator with the prober on, the minimal example with {@code specExtra}. */
  private void deploy(SandboxHost host, String specExtra) throws Exception {
    host.standin("tracker", "torrust/tracker:v3.0.0", "v3.0.0");
    operator = new OperatorHarness(client, PROBING);
    operator.sshKeySecret(host);
    operator.apply(host, specExtra);
  }

  @Test
  void aDeployedExampleServesAndWhatBreaksFromOutsideIsFound(SandboxHost host) throws Exception {
    // Report mode and a long resync: only the prober's own interval can bring what it sees into status.
    deploy(host, "  resyncInterval: 10m\n  drift: {mode: Report}\n  probe: {interval: 10s}\n");

    TrackerDeployment serving = operator.await("demo", Duration.ofSeconds(180), "Ready=True and Serving=True",
        r -> is(r, "Ready", "True") && is(r, "Serving", "True"));
    assertThat(condition(serving, "Serving").orElseThrow().reason()).isEqualTo(Reasons.ENDPOINTS_SERVING);
    assertThat(operator.eventReasons()).as("no try is taken while the first converge starts the services").doesNotContain(
        Reasons.ENDPOINTS_NOT_SERVING, "DriftDetected");
    assertThat(serving.getStatus().endpoints()).filteredOn(e -> e.service().equals("udp-tracker")).singleElement().satisfies(e -> {
      assertThat(e.serving()).isTrue();
      assertThat(e.probe()).isEqualTo("connect, announce and scrape answered");
    });
    assertThat(serving.getStatus().endpoints()).filteredOn(e -> e.service().equals("http-tracker")).singleElement()
        .satisfies(e -> assertThat(e.probe()).isEqualTo("announce answered; scrape answered"));
    assertThat(operator.metrics.scrape()).contains("tracker_operator_probe_success{address=\"" + host.address() + "\"");

    host.shell("docker run -d --name rogue -p 3306:80 " + host.image() + " httpd -f -p 80 -h /www >/dev/null");
    operator.await("demo", Duration.ofSeconds(40), "PortAnswersFromOutside for 3306 (one probe interval)",
        r -> r.getStatus().drift() != null && r.getStatus().drift().stream()
            .anyMatch(d -> d.kind().equals("PortAnswersFromOutside") && Integer.valueOf(3306).equals(d.port())));
    host.shell("docker rm -f rogue >/dev/null");

    // Dropped in front of the container (Docker's DOCKER-USER chain): the tracker listens and the host-side view is clean.
    host.shell("iptables -I DOCKER-USER -p udp --dport 6969 -j DROP");
    TrackerDeployment dropped = operator.await("demo", Duration.ofSeconds(40), "Serving=False naming the UDP tracker",
        r -> is(r, "Serving", "False"));
    assertThat(condition(dropped, "Serving").orElseThrow().message()).contains("udp-tracker 6969/udp at " + host.address());
    assertThat(dropped.getStatus().drift()).anySatisfy(d -> {
      assertThat(d.kind()).isEqualTo("EndpointNotServing");
      assertThat(d.port()).isEqualTo(6969);
    });
    assertThat(dropped.getStatus().endpoints()).filteredOn(e -> e.service().equals("udp-tracker")).singleElement()
        .satisfies(e -> assertThat(e.serving()).isFalse());
    assertThat(operator.eventReasons()).contains(Reasons.ENDPOINTS_NOT_SERVING);

    host.shell("iptables -D DOCKER-USER -p udp --dport 6969 -j DROP");
    operator.await("demo", Duration.ofSeconds(40), "Serving=True again", r -> is(r, "Serving", "True") && is(r, "Ready", "True"));
    assertThat(operator.eventReasons()).contains(Reasons.ENDPOINTS_SERVING);
  }

  @Test
  void whileSshCannotReachTheHostServingStillFollowsWhatClientsSee(SandboxHost host) throws Exception {
    deploy(host, "  resyncInterval: 10m\n  probe: {interval: 10s}\n");
    operator.await("demo", Duration.ofSeconds(180), "Ready=True and Serving=True", r -> is(r, "Ready", "True") && is(r, "Serving", "True"));

    // SSH refused (the kept connection reset too), then the tracker stops: only the outside view can tell.
    host.shell("iptables -I INPUT -p tcp --dport " + host.sshPort() + " -j REJECT --reject-with tcp-reset");
    host.shell("docker stop $(docker ps -q --filter label=com.docker.compose.service=tracker) >/dev/null");
    TrackerDeployment blind = operator.await("demo", Duration.ofSeconds(120), "HostReachable=False and Serving=False",
        r -> is(r, "HostReachable", "False") && is(r, "Serving", "False"));

    assertThat(condition(blind, "Serving").orElseThrow().message()).contains("udp-tracker 6969/udp at " + host.address());
    assertThat(blind.getStatus().endpoints()).filteredOn(e -> e.service().equals("udp-tracker")).singleElement()
        .satisfies(e -> assertThat(e.serving()).isFalse());
  }

  @Test
  void probingOffInTheSpecHasNoServingCondition(SandboxHost host) throws Exception {
    deploy(host, "  probe: {enabled: false}\n");

    TrackerDeployment ready = operator.await("demo", Duration.ofSeconds(180), "Ready=True", r -> is(r, "Ready", "True"));

    assertThat(condition(ready, "Serving")).isEmpty();
    assertThat(ready.getStatus().endpoints()).allSatisfy(e -> assertThat(e.serving()).isNull());
  }
}
