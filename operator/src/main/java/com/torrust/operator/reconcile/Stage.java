package com.torrust.operator.reconcile;

/**
 * One stage of a reconcile (admission, host claim, Secrets, server, reach, render, first contact, outside
 * prober, host visit): it either hands a fuller attempt to the next stage or stops the attempt with its
 * outcome. The outcome decides status, Events and, through {@link Resync}, when to look again; a stage
 * that goes on may ask to look again sooner, and the earliest wins. New stages (a shard filter) go into
 * the list without touching the others.
 */
@FunctionalInterface
interface Stage {

  Step run(Attempt attempt) throws InterruptedException;

  /** What a stage decided. */
  sealed interface Step {
    /**
     * Go on with this attempt.
     *
     * @param recheck when this stage wants to look again (a stage with its own interval, like an outside
     *     prober), or null; the reconcile takes the earliest of these and its outcome's
     */
    record Next(Attempt attempt, java.time.Duration recheck) implements Step {
      Next(Attempt attempt) {
        this(attempt, null);
      }
    }

    /**
     * The attempt ends here.
     *
     * @param outcome what it found out; null when nothing was looked at (status stays as it is)
     * @param actions actions run on the host (for the ChangesApplied Event)
     * @param summary the steps that ran ("Firewall 2, Files 3"), or empty
     */
    record Stop(Attempt attempt, Outcome outcome, int actions, String summary) implements Step {
      Stop(Attempt attempt, Outcome outcome) {
        this(attempt, outcome, 0, "");
      }
    }
  }
}
