package com.torrust.operator.plan;

import com.torrust.operator.api.ResourcesSpec;
import com.torrust.operator.api.ServiceResources;
import com.torrust.operator.api.TrackerDeploymentSpec;
import java.math.BigDecimal;
import java.util.Map;

/**
 * One service's memory and CPU limits, from the spec or the service's default (sized for a 2 GB VM:
 * the services together may not starve the system and sshd; the tracker gets no CPU limit).
 *
 * @param memoryBytes the memory limit; swap is not allowed on top of it
 * @param nanoCpus the CPU limit in billionths of a CPU (Docker's unit), or 0 for none
 */
public record Limits(long memoryBytes, long nanoCpus) {

  private static final long MI = 1024L * 1024L;
  private static final Map<String, Limits> DEFAULTS = Map.of(
      Services.TRACKER, new Limits(512 * MI, 0),
      Services.MYSQL, new Limits(512 * MI, 1_000_000_000L),
      Services.PROMETHEUS, new Limits(256 * MI, 500_000_000L),
      Services.GRAFANA, new Limits(256 * MI, 500_000_000L),
      Services.CADDY, new Limits(128 * MI, 500_000_000L),
      Services.BACKUP, new Limits(256 * MI, 500_000_000L));

  /** The limits of a compose service of the deployment. */
  public static Limits of(String service, TrackerDeploymentSpec spec) {
    Limits fallback = DEFAULTS.get(service);
    ServiceResources given = given(service, spec.resources());
    if (given == null) {
      return fallback;
    }
    long memory = given.memory() == null ? fallback.memoryBytes() : bytes(given.memory());
    long cpus = given.cpus() == null ? fallback.nanoCpus() : new BigDecimal(given.cpus()).movePointRight(9).longValueExact();
    return new Limits(memory, cpus);
  }

  private static ServiceResources given(String service, ResourcesSpec resources) {
    if (resources == null) {
      return null;
    }
    return switch (service) {
      case Services.TRACKER -> resources.tracker();
      case Services.MYSQL -> resources.mysql();
      case Services.PROMETHEUS -> resources.prometheus();
      case Services.GRAFANA -> resources.grafana();
      case Services.CADDY -> resources.caddy();
      case Services.BACKUP -> resources.backup();
      default -> null;
    };
  }

  /** "512Mi" -> 536870912 (the CRD's pattern admits Mi and Gi only). */
  static long bytes(String quantity) {
    long number = Long.parseLong(quantity.substring(0, quantity.length() - 2));
    return quantity.endsWith("Gi") ? number * 1024 * MI : number * MI;
  }

  /** Compose's memory value: bytes, which v1 and v2 read alike. */
  public String composeMemory() {
    return Long.toString(memoryBytes);
  }

  /** Compose's cpus value ("0.5"), or null for no limit. */
  public String composeCpus() {
    return nanoCpus == 0 ? null : cpus(nanoCpus);
  }

  /** Billionths of a CPU as a number of CPUs ("0.5", "2"): how compose and people write it. */
  public static String cpus(long nanoCpus) {
    return BigDecimal.valueOf(nanoCpus).movePointLeft(9).stripTrailingZeros().toPlainString();
  }

  /** "512Mi, 0.5 CPU" for people. */
  public String describe() {
    String memory = memoryBytes % (1024 * MI) == 0 ? memoryBytes / (1024 * MI) + "Gi" : memoryBytes % MI == 0 ? memoryBytes / MI + "Mi" : memoryBytes + " bytes";
    return memory + (nanoCpus == 0 ? ", no CPU limit" : ", " + composeCpus() + " CPU");
  }
}
