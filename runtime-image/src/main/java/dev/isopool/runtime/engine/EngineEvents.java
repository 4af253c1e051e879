package dev.isopool.runtime.engine;

import java.util.List;

/**
 * What the engine reports as it works: the input of the pod's signals and metrics. Called on
 * worker threads (and the request thread for rejections), so implementations must be
 * thread-safe and cheap. Every method does nothing unless overridden.
 */
public interface EngineEvents {
    /** One request finished on a worker, {@code busyNanos} after the worker took it. */
    default void executed(Outcome outcome, long busyNanos) {
    }

    /** One request was refused (429): the pod's queue or its tenant's share was full. */
    default void rejected(SaturatedException.Scope scope, String tenant) {
    }

    /**
     * One request of {@code tenant} (null: none) finished after waiting {@code waitedNanos} in the
     * queue and taking {@code cpuUs} of its worker's CPU.
     */
    default void tenantRan(String tenant, long waitedNanos, long cpuUs) {
    }

    /** A lag probe started {@code lagNanos} after it was due. */
    default void lag(long lagNanos) {
    }

    /** The canary took {@code cpuNanos} of its thread's CPU time on a worker of the running pod. */
    default void canary(long cpuNanos) {
    }

    /** A worker ran code (an execution, a probe, a canary run) for {@code wallNanos} and got {@code cpuNanos} of CPU. */
    default void worked(long wallNanos, long cpuNanos) {
    }

    /** A WebAssembly module was compiled for the first time on a worker. */
    default void wasmCompiled(long nanos) {
    }

    /** A worker replaced its context with a fresh one. */
    default void contextReset() {
    }

    /** Events nobody listens to. */
    EngineEvents NONE = new EngineEvents() {
    };

    /** Every event goes to each listener, in order. */
    static EngineEvents all(EngineEvents... listeners) {
        List<EngineEvents> list = List.of(listeners);
        return new EngineEvents() {
            @Override
            public void executed(Outcome outcome, long busyNanos) {
                list.forEach(l -> l.executed(outcome, busyNanos));
            }

            @Override
            public void rejected(SaturatedException.Scope scope, String tenant) {
                list.forEach(l -> l.rejected(scope, tenant));
            }

            @Override
            public void tenantRan(String tenant, long waitedNanos, long cpuUs) {
                list.forEach(l -> l.tenantRan(tenant, waitedNanos, cpuUs));
            }

            @Override
            public void lag(long lagNanos) {
                list.forEach(l -> l.lag(lagNanos));
            }

            @Override
            public void canary(long nanos) {
                list.forEach(l -> l.canary(nanos));
            }

            @Override
            public void worked(long wallNanos, long cpuNanos) {
                list.forEach(l -> l.worked(wallNanos, cpuNanos));
            }

            @Override
            public void wasmCompiled(long nanos) {
                list.forEach(l -> l.wasmCompiled(nanos));
            }

            @Override
            public void contextReset() {
                list.forEach(EngineEvents::contextReset);
            }
        };
    }
}
