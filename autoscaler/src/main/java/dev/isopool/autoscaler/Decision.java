package dev.isopool.autoscaler;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the policy decided at one tick, as numbers: the counts, the signal that drove them, what held the count on
 * its way from the recommendation to the desired count, and what to remember. {@link Explanation} puts it in words.
 *
 * @param time when the decision was made
 * @param sample what the pods said
 * @param basis what the decision rests on
 * @param desiredReplicas the count the pool should run now
 * @param recommendation the signals' recommendation within the bounds (before stabilization and rate limits)
 * @param driver the proposal behind the recommendation; empty unless the basis is {@link Basis#SIGNALS}
 * @param proposals every signal's proposal
 * @param hold how the windows or panic mode shaped the count
 * @param windowReplicas the highest recommendation of the scale-down window (what {@link Hold#DOWN_HELD_BY_WINDOW}
 *     held the count at)
 * @param limit what the bounds or the rate policies held the count back from (the ScalingLimited condition)
 * @param panicUntil the end of the current panic, or empty when the pool is not in panic after this tick
 * @param pool the pool-wide reading the decision used
 * @param history what to remember for the next tick
 */
public record Decision(
        Instant time,
        PoolSample sample,
        Basis basis,
        int desiredReplicas,
        int recommendation,
        Optional<Proposal> driver,
        List<Proposal> proposals,
        Hold hold,
        int windowReplicas,
        Limit limit,
        Optional<Instant> panicUntil,
        PoolReading pool,
        History history) {

    /** What a decision rests on. */
    public enum Basis {
        /** The current count was outside `[minReplicas, maxReplicas]` and is brought inside, whatever the signals. */
        OUT_OF_BOUNDS,
        /** No ready pod answered: the count holds (never scale down on missing data). */
        NO_SIGNALS,
        /** The signals' proposals. */
        SIGNALS
    }

    /** How the windows or panic mode shaped the count, beyond the recommendation itself. */
    public enum Hold {
        NONE,
        /** A ratio at or above the panic threshold: up to the recommendation at once, past the rate policies. */
        PANIC_UP,
        /** In panic without a new high ratio: the count does not fall. */
        PANIC_NO_DOWN,
        /** In panic, a lower recommendation waits for the panic to end. */
        PANIC_DOWN_HELD,
        /** A lower recommendation waits: the scale-down window holds a recommendation as high as the count. */
        DOWN_HELD_BY_WINDOW,
        /** Down, but only to the highest recommendation of the scale-down window. */
        DOWN_TO_WINDOW_MAX,
        /** Down to the recommendation: nothing higher was recommended within the scale-down window. */
        DOWN_AFTER_WINDOW,
        /** A higher recommendation waits for the scale-up window. */
        UP_HELD_BY_WINDOW
    }

    public Decision {
        proposals = List.copyOf(proposals);
    }

    /** The count the pool ran before this tick. */
    public int currentReplicas() {
        return sample.currentReplicas();
    }

    public boolean scaled() {
        return desiredReplicas != currentReplicas();
    }

    /** Whether the pool is in panic mode after this tick. */
    public boolean panic() {
        return panicUntil.isPresent();
    }

    /** No pod answered: nothing was decided (the ScalingActive condition). */
    public boolean signalsMissing() {
        return basis == Basis.NO_SIGNALS || (basis == Basis.OUT_OF_BOUNDS && pool.sampledPods() == 0);
    }
}
