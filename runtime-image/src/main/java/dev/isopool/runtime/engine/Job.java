package dev.isopool.runtime.engine;

import java.util.concurrent.CompletableFuture;

/**
 * What waits in the engine's queue. Lag probes and canary runs wait in the same queue as
 * executions on purpose: the time they wait is the time an execution would have waited.
 */
sealed interface Job {

    /** A request to run. */
    record Execution(ExecutionRequest request, CompletableFuture<ExecutionResult> result) implements Job {
    }

    /** An event-loop lag probe, due at {@code dueNanos} ({@link System#nanoTime()}). */
    record Probe(int slot, long dueNanos) implements Job {
    }

    /** One timed run of the canary; the baseline run repeats it and keeps the fastest. */
    record CanaryRun(boolean baseline) implements Job {
    }
}
