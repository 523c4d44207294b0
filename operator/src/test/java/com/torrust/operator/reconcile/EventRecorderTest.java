package com.torrust.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.api.TrackerDeployment;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {

  KubernetesClient client;

  private static TrackerDeployment resource(String uid) {
    TrackerDeployment deployment = new TrackerDeployment();
    deployment.setMetadata(new ObjectMetaBuilder().withName("demo").withNamespace("trackers").withUid(uid).build());
    return deployment;
  }

  @Test
  void aFlappingHostYieldsOneEventWithAGrowingCount() {
    EventRecorder recorder = new EventRecorder(client);
    TrackerDeployment demo = resource("uid-1");
    StatusEvent down = StatusEvent.warning("HostUnreachable", "cannot connect to root@203.0.113.10:22: Connection refused");
    StatusEvent back = StatusEvent.normal("HostReachable", "The host answers again.");
    for (int flap = 0; flap < 3; flap++) {
      recorder.record(demo, down);
      recorder.record(demo, back);
    }

    List<Event> events = client.v1().events().inNamespace("trackers").list().getItems();
    assertThat(events).hasSize(2);
    assertThat(events).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(3));
    assertThat(events).extracting(Event::getReason).containsExactlyInAnyOrder("HostUnreachable", "HostReachable");
  }

  @Test
  void anotherMessageOrAnotherResourceOfTheSameNameIsAnotherEvent() {
    EventRecorder recorder = new EventRecorder(client);
    recorder.record(resource("uid-1"), StatusEvent.warning("ConvergeFailed", "step Files failed"));
    recorder.record(resource("uid-1"), StatusEvent.warning("ConvergeFailed", "step Services failed"));
    recorder.record(resource("uid-2"), StatusEvent.warning("ConvergeFailed", "step Files failed")); // re-created resource

    assertThat(client.v1().events().inNamespace("trackers").list().getItems()).hasSize(3)
        .allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
  }
}
