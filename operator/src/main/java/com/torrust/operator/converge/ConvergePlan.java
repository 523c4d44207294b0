package com.torrust.operator.converge;

import java.util.List;

/**
 * The actions that make a host match its plan, in order, and what cannot be done.
 *
 * @param refusals why some part cannot be converged (e.g. it would lock the operator out); their
 *     actions are left out
 */
public record ConvergePlan(List<Action> actions, List<String> refusals) {

  public ConvergePlan {
    actions = List.copyOf(actions);
    refusals = List.copyOf(refusals);
  }

  public List<Action> actions(Step step) {
    return actions.stream().filter(a -> a.step() == step).toList();
  }

  public boolean nothingToDo() {
    return actions.isEmpty();
  }
}
