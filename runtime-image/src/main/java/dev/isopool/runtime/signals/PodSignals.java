package dev.isopool.runtime.signals;

import dev.isopool.runtime.engine.EngineEvents;
import dev.isopool.runtime.engine.EngineLoad;
import dev.isopool.runtime.engine.Outcome;
import dev.isopool.runtime.engine.SaturatedException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Turns the engine's events into the pod's signals over a sliding window: event-loop lag p99,
 * worker slowdown, utilization, counts and health. Also keeps running totals for metrics.
 */
public final class PodSignals implements EngineEvents {
    public static final int WINDOW_SECONDS = 10;
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);
    private static final int COMPILES_KEPT = 64;
    private static final long COMPILES_MAX_AGE_MILLIS = TimeUnit.MINUTES.toMillis(10);

    private final LongSupplier clockMillis;
    private final long startMillis;
    private final WindowedHistogram lagMicros = new WindowedHistogram(WINDOW_SECONDS, HIGHEST_MICROS, 2);
    private final WindowedHistogram canaryMicros = new WindowedHistogram(WINDOW_SECONDS, HIGHEST_MICROS, 2);
    private final WindowedCounter busyNanos = new WindowedCounter(WINDOW_SECONDS);
    private final WindowedCounter workedWallNanos = new WindowedCounter(WINDOW_SECONDS);
    private final WindowedCounter workedCpuNanos = new WindowedCounter(WINDOW_SECONDS);
    private final WindowedCounter executions = new WindowedCounter(WINDOW_SECONDS);
    private final WindowedCounter rejected = new WindowedCounter(WINDOW_SECONDS);
    private final WindowedCounter timeouts = new WindowedCounter(WINDOW_SECONDS);
    private final WindowedCounter memoryLimitHits = new WindowedCounter(WINDOW_SECONDS);
    private final WindowedCounter healthFailures = new WindowedCounter(WINDOW_SECONDS);
    private final RecentCompiles compiles = new RecentCompiles(COMPILES_KEPT, COMPILES_MAX_AGE_MILLIS);
    private final Map<Outcome, LongAdder> outcomeTotals = new EnumMap<>(Outcome.class);
    private final LongAdder rejectedTotal = new LongAdder();
    private final LongAdder contextResetsTotal = new LongAdder();
    private volatile long lastCanaryNanos;

    public PodSignals() {
        this(System::currentTimeMillis);
    }

    /** With a clock of its own, for tests. */
    public PodSignals(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        this.startMillis = clockMillis.getAsLong();
        for (Outcome o : Outcome.values()) {
            outcomeTotals.put(o, new LongAdder());
        }
    }

    @Override
    public void executed(Outcome outcome, long busy) {
        long now = clockMillis.getAsLong();
        busyNanos.add(busy, now);
        executions.add(1, now);
        if (outcome == Outcome.TIMEOUT) {
            timeouts.add(1, now);
        }
        if (outcome == Outcome.MEMORY_LIMIT) {
            memoryLimitHits.add(1, now);
        }
        if (outcome.healthFailure()) {
            healthFailures.add(1, now);
        }
        outcomeTotals.get(outcome).increment();
    }

    /** Both kinds count: {@code rejected} in the signals is every 429 (DESIGN.md). */
    @Override
    public void rejected(SaturatedException.Scope scope, String tenant) {
        rejected.add(1, clockMillis.getAsLong());
        rejectedTotal.increment();
    }

    @Override
    public void lag(long lagNanos) {
        lagMicros.record(lagNanos / 1000, clockMillis.getAsLong());
    }

    @Override
    public void canary(long cpuNanos) {
        lastCanaryNanos = cpuNanos;
        canaryMicros.record(cpuNanos / 1000, clockMillis.getAsLong());
    }

    @Override
    public void worked(long wallNanos, long cpuNanos) {
        if (wallNanos <= 0 || cpuNanos < 0) {
            return; // a thread without a CPU clock
        }
        long now = clockMillis.getAsLong();
        workedWallNanos.add(wallNanos, now);
        workedCpuNanos.add(cpuNanos, now);
    }

    @Override
    public void wasmCompiled(long nanos) {
        compiles.record(nanos, clockMillis.getAsLong());
    }

    @Override
    public void contextReset() {
        contextResetsTotal.increment();
    }

    /** The signals now, given the engine's current load. */
    public Signals snapshot(EngineLoad load, String engine, List<String> v8Flags) {
        long now = clockMillis.getAsLong();
        Histogram lag = lagMicros.window(now);
        long lagP99Micros = lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(99);
        // A probe still waiting has already waited this long: a stuck pod reports it at once.
        lagP99Micros = Math.max(lagP99Micros, load.oldestProbeWaitNanos() / 1000);
        double contention = cpuContention(now);
        double code = codeSlowdown(now, load.canaryBaselineNanos());
        double slowdown = contention * code;
        CompileStats compileStats = compiles.stats(now);
        Health health = HealthClassifier.classify(compileStats, slowdown, healthFailures.sum(now));
        return new Signals(WINDOW_SECONDS, load.workers(), round(lagP99Micros / 1000.0, 2), round(slowdown, 2),
                round(contention, 2), round(code, 2), round(utilization(now, load.workers()), 3), load.queueDepth(), load.inflight(), executions.sum(now),
                rejected.sum(now), timeouts.sum(now), memoryLimitHits.sum(now), round(compileStats.p99Ms(), 2),
                health, engine, v8Flags);
    }

    /**
     * Wall time the workers ran code over the CPU time their threads got for it, in the window:
     * about 1 when each busy worker has a core, about 2 when two share one, more under a CPU quota
     * or when background compilation takes the cores. 1 when nothing ran. Over the whole window,
     * not one short run: a thread just woken from the queue gets the CPU first, which a short
     * canary alone would take for an idle core.
     */
    private double cpuContention(long now) {
        long cpu = workedCpuNanos.sum(now);
        long wall = workedWallNanos.sum(now);
        return cpu <= 0 ? 1.0 : Math.max(1.0, (double) wall / cpu);
    }

    /** Median canary CPU time in the window over the baseline's; 0 until there is a baseline. */
    private double codeSlowdown(long now, long baselineNanos) {
        if (baselineNanos <= 0) {
            return 0;
        }
        Histogram canary = canaryMicros.window(now);
        double medianNanos = canary.getTotalCount() > 0 ? canary.getValueAtPercentile(50) * 1000.0 : lastCanaryNanos;
        return medianNanos <= 0 ? 1.0 : medianNanos / baselineNanos;
    }

    /** Busy worker time over worker time in the part of the window the pod has lived through. */
    private double utilization(long now, int workers) {
        long covered = Math.min(now - startMillis, (WINDOW_SECONDS - 1) * 1000L + Math.floorMod(now, 1000L));
        if (covered <= 0 || workers <= 0) {
            return 0;
        }
        double busy = busyNanos.sum(now) / 1e6;
        return Math.min(1.0, busy / ((double) workers * covered));
    }

    public long total(Outcome outcome) {
        return outcomeTotals.get(outcome).sum();
    }

    public long rejectedTotal() {
        return rejectedTotal.sum();
    }

    public long contextResetsTotal() {
        return contextResetsTotal.sum();
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
