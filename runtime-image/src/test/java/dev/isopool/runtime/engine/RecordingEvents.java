package dev.isopool.runtime.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Keeps what the engine reported last, for assertions. */
public final class RecordingEvents implements EngineEvents {
    private final AtomicReference<Outcome> lastOutcome = new AtomicReference<>();
    private final AtomicLong executions = new AtomicLong();
    private final AtomicLong compiles = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong canaries = new AtomicLong();

    @Override
    public void executed(Outcome outcome, long busyNanos) {
        lastOutcome.set(outcome);
        executions.incrementAndGet();
    }

    @Override
    public void lag(long lagNanos) {
        probes.incrementAndGet();
    }

    @Override
    public void canary(long nanos) {
        canaries.incrementAndGet();
    }

    @Override
    public void wasmCompiled(long nanos) {
        compiles.incrementAndGet();
    }

    public Outcome lastOutcome() {
        return lastOutcome.get();
    }

    public long executions() {
        return executions.get();
    }

    public long compiles() {
        return compiles.get();
    }

    public long probes() {
        return probes.get();
    }

    public long canaries() {
        return canaries.get();
    }
}
