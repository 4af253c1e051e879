package dev.isopool.runtime.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isopool.runtime.engine.EngineLoad;
import dev.isopool.runtime.engine.Outcome;
import dev.isopool.runtime.engine.SaturatedException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The signals a pod reports, from engine events on a clock the test moves. */
class PodSignalsTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final AtomicLong now = new AtomicLong(100_000);
    private final PodSignals pod = new PodSignals(now::get);

    private Signals snapshot(long baselineNanos) {
        return pod.snapshot(new EngineLoad(2, 3, 1, 0, baselineNanos, false), "v8", List.of("--no-turbofan"));
    }

    @Test
    void lagP99IsThe99thPercentileOfTheProbesInTheWindow() {
        for (int i = 0; i < 98; i++) {
            pod.lag(1 * MS);
        }
        pod.lag(40 * MS);
        pod.lag(80 * MS);
        Signals s = snapshot(5 * MS);
        assertEquals(40, s.eventLoopLagP99Ms(), 1);
        now.addAndGet(11_000);
        assertEquals(0, snapshot(5 * MS).eventLoopLagP99Ms(), "the window is empty again");
    }

    @Test
    void aProbeStillWaitingCountsAsLagAlready() {
        pod.lag(1 * MS);
        Signals s = pod.snapshot(new EngineLoad(1, 0, 1, 750 * MS, 5 * MS, false), "v8", List.of());
        assertEquals(750, s.eventLoopLagP99Ms(), 0.01);
    }

    @Test
    void slowdownIsTheMedianCanaryOverTheBaseline() {
        pod.canary(10 * MS);
        pod.canary(20 * MS);
        pod.canary(21 * MS);
        assertEquals(4.0, snapshot(5 * MS).workerSlowdown(), 0.05);
        assertEquals(0.0, snapshot(0).workerSlowdown(), "no baseline yet: not measured");
    }

    @Test
    void cpuContentionIsWallTimeOverCpuTimeOfTheWorkInTheWindow() {
        assertEquals(1.0, snapshot(5 * MS).cpuContention(), "nothing ran: no contention");
        pod.worked(30 * MS, 15 * MS);   // two busy workers sharing one core
        pod.worked(10 * MS, 5 * MS);
        assertEquals(2.0, snapshot(5 * MS).cpuContention(), 0.001);
        pod.worked(4 * MS, 4 * MS);     // a probe or canary run with a core to itself
        assertEquals(44.0 / 24, snapshot(5 * MS).cpuContention(), 0.01);
        now.addAndGet(11_000);
        assertEquals(1.0, snapshot(5 * MS).cpuContention(), "the window is empty again");
    }

    @Test
    void cpuContentionNeverReadsBelowOne() {
        pod.worked(10 * MS, 11 * MS); // clocks read a moment apart
        assertEquals(1.0, snapshot(5 * MS).cpuContention());
        pod.worked(10 * MS, -1);      // a thread without a CPU clock is left out
        assertEquals(1.0, snapshot(5 * MS).cpuContention());
    }

    @Test
    void workerSlowdownIsContentionTimesCodeSlowdown() {
        pod.canary(6 * MS);
        pod.worked(30 * MS, 10 * MS);
        Signals s = snapshot(4 * MS);
        assertEquals(1.5, s.codeSlowdown(), 0.01);
        assertEquals(3.0, s.cpuContention(), 0.01);
        assertEquals(4.5, s.workerSlowdown(), 0.01);
    }

    @Test
    void slowdownKeepsTheLastCanaryWhenTheWindowHasNone() {
        pod.canary(15 * MS);
        now.addAndGet(30_000);
        assertEquals(3.0, snapshot(5 * MS).workerSlowdown(), 0.01);
    }

    @Test
    void utilizationIsBusyTimeOverWorkerTimeInTheWindow() {
        now.addAndGet(20_000); // the pod has lived longer than the window
        now.set(now.get() / 1000 * 1000 + 999); // at the end of a second: the window covers 10 s
        pod.executed(Outcome.OK, TimeUnit.SECONDS.toNanos(5));
        pod.executed(Outcome.OK, TimeUnit.SECONDS.toNanos(5));
        assertEquals(0.5, snapshot(MS).utilization(), 0.001, "10 s busy over 2 workers x 10 s");
    }

    @Test
    void utilizationOfAYoungPodCountsOnlyTheTimeItLived() {
        now.addAndGet(2_000);
        pod.executed(Outcome.OK, TimeUnit.SECONDS.toNanos(2));
        assertEquals(0.5, snapshot(MS).utilization(), 0.001, "2 s busy over 2 workers x 2 s");
    }

    @Test
    void countsAndHealthFollowOutcomes() {
        for (int i = 0; i < 6; i++) {
            pod.executed(Outcome.MEMORY_LIMIT, MS);
        }
        pod.executed(Outcome.TIMEOUT, MS);
        pod.executed(Outcome.OK, MS);
        pod.rejected(SaturatedException.Scope.TENANT, "t");
        pod.rejected(SaturatedException.Scope.POD, null);
        Signals s = snapshot(MS);
        assertEquals(8, s.executions());
        assertEquals(6, s.memoryLimitHits());
        assertEquals(1, s.timeouts());
        assertEquals(2, s.rejected(), "rejected counts the pod's 429s and the tenants' alike");
        assertEquals(Health.TOO_MANY_FAILURES, s.health());
        assertEquals(6, pod.total(Outcome.MEMORY_LIMIT));
        now.addAndGet(11_000);
        Signals later = snapshot(MS);
        assertEquals(0, later.executions());
        assertEquals(Health.OK, later.health());
        assertEquals(6, pod.total(Outcome.MEMORY_LIMIT), "totals never forget");
    }

    @Test
    void reportsLoadEngineAndFlagsAsGiven() {
        pod.wasmCompiled(12 * MS);
        Signals s = snapshot(MS);
        assertEquals(10, s.windowSeconds());
        assertEquals(2, s.workers());
        assertEquals(3, s.queueDepth());
        assertEquals(1, s.inflight());
        assertEquals(12, s.wasmCompileP99Ms(), 0.01);
        assertEquals("v8", s.engine());
        assertEquals(List.of("--no-turbofan"), s.v8Flags());
    }
}
