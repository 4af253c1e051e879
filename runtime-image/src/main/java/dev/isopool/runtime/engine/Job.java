package dev.isopool.runtime.engine;

import java.util.concurrent.CompletableFuture;

/**
 * What waits in the engine's queue ({@link FairQueue}). Lag probes and canary runs wait in the
 * same queue as executions on purpose: the time they wait is the time an execution would have
 * waited (what that means with a queue per tenant is {@link FairQueue}'s class comment).
 */
sealed interface Job {

    /** A request to run, admitted at {@code queuedNanos} ({@link System#nanoTime()}). */
    record Execution(ExecutionRequest request, CompletableFuture<ExecutionResult> result, long queuedNanos)
            implements Job {
    }

    /** An event-loop lag probe, due at {@code dueNanos} ({@link System#nanoTime()}). */
    record Probe(int slot, long dueNanos) implements Job {
    }

    /** One timed run of the canary; the baseline run repeats it and keeps the fastest. */
    record CanaryRun(boolean baseline) implements Job {
    }
}
