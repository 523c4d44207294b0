package com.torrust.operator.runtime;

import com.torrust.operator.api.Condition;
import com.torrust.operator.api.TrackerDeployment;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * For people trying the operator without a cluster (there is no kubectl to ask): prints every
 * TrackerDeployment status transition and every Event as it happens, one line each.
 */
public final class StatusConsole implements AutoCloseable {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final List<String> SHOWN = List.of("Ready", "Reconciling", "Stalled", "Drifted", "HostReachable");

  private final List<Watch> watches;

  private StatusConsole(List<Watch> watches) {
    this.watches = watches;
  }

  public static StatusConsole start(KubernetesClient client, PrintWriter out) {
    Map<String, String> last = new ConcurrentHashMap<>();
    Watch deployments = client.resources(TrackerDeployment.class).inAnyNamespace().watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, TrackerDeployment resource) {
        String name = resource.getMetadata().getName();
        if (action == Action.DELETED) {
          print(out, name + ": deleted");
          last.remove(name);
          return;
        }
        if (resource.getStatus() == null || resource.getStatus().conditions() == null) {
          return;
        }
        Map<String, Condition> byType = resource.getStatus().conditions().stream().collect(Collectors.toMap(Condition::type, c -> c, (a, b) -> a));
        String line = SHOWN.stream().filter(byType::containsKey).map(t -> describe(byType.get(t))).collect(Collectors.joining(" "));
        int drift = resource.getStatus().drift() == null ? 0 : resource.getStatus().drift().size();
        String state = line + (drift > 0 ? ", " + drift + " drift finding" + (drift == 1 ? "" : "s") : "");
        if (!state.equals(last.put(name, state))) {
          print(out, name + ": " + state);
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
    Watch events = client.v1().events().inAnyNamespace().watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Event event) {
        if (action == Action.ADDED) {
          print(out, event.getInvolvedObject().getName() + ": event " + event.getType() + " " + event.getReason() + ": " + event.getMessage());
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
    return new StatusConsole(List.of(deployments, events));
  }

  /** "Ready=True", or with the reason when it says something is wrong: "Ready=False (HostUnreachable)". */
  static String describe(Condition c) {
    boolean good = c.type().equals("Ready") || c.type().equals("HostReachable") ? "True".equals(c.status()) : !"True".equals(c.status());
    return c.type() + "=" + c.status() + (good ? "" : " (" + c.reason() + ")");
  }

  private static void print(PrintWriter out, String line) {
    synchronized (out) {
      out.println(LocalTime.now().format(TIME) + " " + line);
      out.flush();
    }
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
  }
}
