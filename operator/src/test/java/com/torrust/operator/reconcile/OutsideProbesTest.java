package com.torrust.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.probe.ProbeReport;
import com.torrust.operator.probe.ProbeTarget;
import com.torrust.operator.probe.Prober;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The prober's schedule on loopback: a reconcile only when the verdict changes, one more try when asked, nothing after forget. */
class OutsideProbesTest {

  private static final ResourceID ID = new ResourceID("demo", "trackers");

  @Test
  void onlyAChangedVerdictReconcilesAndAskedForTriesFollowAChange() throws Exception {
    List<ResourceID> changed = new CopyOnWriteArrayList<>();
    List<ProbeReport> reports = new CopyOnWriteArrayList<>();
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        OutsideProbes probes = new OutsideProbes(new Prober(Duration.ofSeconds(1)), 2, changed::add, (id, report) -> reports.add(report))) {
      int port = listener.getLocalPort();
      // A port that must not answer, and it does: a finding from the first try on.
      probes.ensure(ID, new OutsideProbes.Plan(List.of(InetAddress.getLoopbackAddress()),
          List.of(new ProbeTarget(ProbeTarget.Check.MustNotAnswer, port, null, "mysql")), Duration.ofMillis(200)));
      awaitReports(reports, 4);

      assertThat(changed).as("four tries, one verdict, one reconcile").containsExactly(ID);
      assertThat(probes.latest(ID).orElseThrow().findings()).singleElement().satisfies(f -> assertThat(f.port()).isEqualTo(port));

      listener.close(); // now it is closed: the verdict changes
      awaitChanged(changed, 2);
      int before = reports.size();
      probes.again(ID);
      awaitReports(reports, before + 1);

      probes.forget(ID);
      int atForget = reports.size();
      Thread.sleep(600);
      assertThat(reports.size()).as("at most the try that was running when forgotten").isLessThanOrEqualTo(atForget + 1);
      assertThat(probes.latest(ID)).isEmpty();
    }
  }

  private static void awaitReports(List<ProbeReport> reports, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (reports.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(reports.size()).isGreaterThanOrEqualTo(count);
  }

  private static void awaitChanged(List<ResourceID> changed, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (changed.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(changed).hasSize(count);
  }
}
