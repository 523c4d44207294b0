package com.torrust.operator.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.Specs;
import com.torrust.operator.converge.ConvergePlan;
import com.torrust.operator.converge.ConvergePlanner;
import com.torrust.operator.observe.ContainerLimits;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.plan.ComposeService;
import com.torrust.operator.plan.Limits;
import com.torrust.operator.plan.Services;
import com.torrust.operator.render.DesiredHostState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planned limits (defaults and the spec's) against what docker inspect says each container runs with. */
class ResourceDriftTest {

  private static final DesiredHostState FULL = new com.torrust.operator.render.FileRenderer().render(
      com.torrust.operator.plan.Planner.plan("production", Specs.full().getSpec()), Specs.full().getSpec(),
      new com.torrust.operator.plan.DeploymentSecrets("t", "p", "r", "u", "g"));

  /** Every running container of the plan with exactly its planned limits. */
  private static Map<String, ContainerLimits> asPlanned(DesiredHostState desired) {
    Map<String, ContainerLimits> limits = new HashMap<>();
    for (ComposeService service : desired.plan().services()) {
      if (service.longRunning()) {
        Limits l = service.limits();
        limits.put("torrust_" + service.name() + "_1", new ContainerLimits(l.memoryBytes(), l.memoryBytes(), l.nanoCpus()));
      }
    }
    return limits;
  }

  private static ContainerLimits.Report report(Map<String, ContainerLimits> limits) {
    return new ContainerLimits.Report(ContainerLimits.Enforced.ALL, limits);
  }

  @Test
  void whatTheKernelCannotEnforceIsSaidOnceAndNeverRecreatedForever() {
    Map<String, ContainerLimits> limits = asPlanned(FULL);
    limits.put("torrust_tracker_1", new ContainerLimits(512L << 20, -1, 0)); // Docker dropped the swap limit: no swap accounting
    Observation noSwap = DriftEngineTest.converged(FULL).withLimits(new ContainerLimits.Report(new ContainerLimits.Enforced(true, false), limits));
    assertThat(DriftEngine.findings(FULL, noSwap, List.of())).noneMatch(f -> f.kind() == DriftKind.ResourceLimitsDiffer);
    assertThat(ConvergePlanner.plan(FULL, noSwap, List.of()).actions()).isEmpty();

    Map<String, ContainerLimits> dropped = new HashMap<>();
    asPlanned(FULL).forEach((name, l) -> dropped.put(name, new ContainerLimits(0, -1, l.nanoCpus())));
    Observation noMemory = DriftEngineTest.converged(FULL).withLimits(new ContainerLimits.Report(new ContainerLimits.Enforced(false, false), dropped));
    assertThat(DriftEngine.findings(FULL, noMemory, List.of())).filteredOn(f -> f.kind() == DriftKind.ResourceLimitsDiffer)
        .singleElement().satisfies(f -> assertThat(f.message()).contains("does not let Docker enforce memory limits"));
    assertThat(ConvergePlanner.plan(FULL, noMemory, List.of()).actions()).isEmpty();
  }

  @Test
  void defaultsFitASmallVmAndTheSpecOverridesThem() {
    var spec = Specs.minimal(s -> s.putObject("resources").putObject("tracker").put("memory", "1Gi").put("cpus", "1.5")).getSpec();

    assertThat(Limits.of(Services.TRACKER, Specs.minimal().getSpec())).isEqualTo(new Limits(512L << 20, 0));
    assertThat(Limits.of(Services.GRAFANA, Specs.minimal().getSpec()).describe()).isEqualTo("256Mi, 0.5 CPU");
    assertThat(Limits.of(Services.TRACKER, spec)).isEqualTo(new Limits(1L << 30, 1_500_000_000L));
    assertThat(Limits.of(Services.TRACKER, spec).composeCpus()).isEqualTo("1.5");
    assertThat(FULL.plan().services()).allSatisfy(s -> assertThat(s.limits()).as(s.name()).isNotNull());
  }

  @Test
  void containersWithTheirPlannedLimitsAreClean() {
    Observation observed = DriftEngineTest.converged(FULL).withLimits(report(asPlanned(FULL)));

    assertThat(DriftEngine.findings(FULL, observed, List.of())).noneMatch(f -> f.kind() == DriftKind.ResourceLimitsDiffer);
    assertThat(ConvergePlanner.plan(FULL, observed, List.of()).actions()).isEmpty();
  }

  @Test
  void aContainerUpdatedByHandIsFoundAndRecreatedByName() {
    Map<String, ContainerLimits> limits = asPlanned(FULL);
    limits.put("torrust_grafana_1", new ContainerLimits(0, 0, 0)); // docker update --memory 0 ...: unlimited again
    limits.put("torrust_tracker_1", new ContainerLimits(512L << 20, 1L << 30, 0)); // swap allowed on top
    Observation observed = DriftEngineTest.converged(FULL).withLimits(report(limits));

    List<Finding> findings = DriftEngine.findings(FULL, observed, List.of()).stream().filter(f -> f.kind() == DriftKind.ResourceLimitsDiffer).toList();
    assertThat(findings).extracting(Finding::source).containsExactlyInAnyOrder("torrust_grafana_1", "torrust_tracker_1");
    assertThat(findings).anySatisfy(f -> assertThat(f.message())
        .isEqualTo("Container torrust_grafana_1 runs with no memory limit, no CPU limit; the plan says 256Mi, 0.5 CPU. apply recreates it with the planned limits."));
    assertThat(findings).anySatisfy(f -> assertThat(f.message()).contains("512Mi of memory plus swap"));
    ConvergePlan plan = ConvergePlanner.plan(FULL, observed, List.of());
    assertThat(plan.actions()).singleElement().satisfies(a -> assertThat(a.script())
        .endsWith("up -d --no-deps --force-recreate tracker grafana"));
  }

  @Test
  void limitsThatCouldNotBeReadAreNotConcludedAbout() {
    assertThat(DriftEngine.findings(FULL, DriftEngineTest.converged(FULL).withLimits(null), List.of()))
        .noneMatch(f -> f.kind() == DriftKind.ResourceLimitsDiffer);
  }
}
