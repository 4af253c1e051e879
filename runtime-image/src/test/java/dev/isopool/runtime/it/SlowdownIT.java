package dev.isopool.runtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The slowdown signal follows the CPU share: pinned to one CPU with {@code taskset}, two busy
 * workers share it and the canary slows down about twice as much as beside one busy worker, which
 * has the CPU to itself.
 *
 * <p>What is asserted is a ratio of ratios that a loaded machine cannot move much. Each pod's
 * rise (its loaded reading over its own idle reading) cancels its baseline, which start-up timed on
 * a machine that may have been busy then; the two pods' rises are compared, so CPU the host steals
 * or other work on the CPU slows both alike. A working signal gives about 2, one stuck at 1 (or one
 * that follows load rather than the CPU share) about 1, so the ratio must reach {@link #MIN_RATIO};
 * one stuck at 0 gives no readings and times out. The readings themselves are printed, not judged:
 * docs/signals.md has the figures.
 */
class SlowdownIT {

    /** Readings taken per phase once the canary's window holds only samples of that phase. */
    private static final int READINGS = 9;
    /** Far below the 2 of a working signal, far above the 1 of a broken one. */
    private static final double MIN_RATIO = 1.35;

    /** A pod's median slowdown at rest and under load; the rise is what its own baseline cancels out of. */
    private record Reading(double idle, double loaded) {
        double rise() {
            return loaded / idle;
        }
    }

    @Test
    void slowdownFollowsWorkersPerCpu() {
        Reading one = measure(1);
        Reading two = measure(2);
        double ratio = two.rise() / one.rise();
        System.out.printf("slowdown on one CPU, idle -> loaded: 1 worker %.2f -> %.2f (x%.2f), 2 workers %.2f -> %.2f"
                + " (x%.2f); ratio %.2f%n", one.idle(), one.loaded(), one.rise(), two.idle(), two.loaded(), two.rise(),
                ratio);
        assertTrue(ratio >= MIN_RATIO, "2 busy workers per CPU slow the canary about twice as much as 1: " + two
                + " vs " + one + ", ratio of the rises " + ratio);
    }

    /** A pod with {@code workers} workers on CPU 0, read at rest and then with every worker busy. */
    private static Reading measure(int workers) {
        try (RuntimeProcess runtime = RuntimeProcess.start("slowdown-" + workers,
                Map.of("ISOPOOL_WORKERS", Integer.toString(workers)), List.of("taskset", "-c", "0"))) {
            double idle = medianSlowdown(runtime, workers + " worker(s) on one CPU, idle");
            try (LoadGenerator load = new LoadGenerator(runtime, RuntimeProcess.busyFor(100), 2 * workers)) {
                double loaded = medianSlowdown(runtime, workers + " worker(s) on one CPU, loaded");
                assertTrue(load.completed() > 0, "the load generator got answers");
                return new Reading(idle, loaded);
            }
        }
    }

    /** The median of the slowdown readings once the window holds only this phase's canary runs. */
    private static double medianSlowdown(RuntimeProcess runtime, String phase) {
        List<Double> readings = new ArrayList<>();
        // The first 12 s fill the canary's 10 s window with this phase's samples; then one reading a second.
        await().pollDelay(Duration.ofSeconds(12)).pollInterval(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(12 + 3L * READINGS))
                .until(() -> {
                    var now = runtime.signals();
                    System.out.println(phase + ": " + now);
                    if (now.get("workerSlowdown").asDouble() > 0) {
                        readings.add(now.get("workerSlowdown").asDouble());
                    }
                    return readings.size() >= READINGS;
                });
        return readings.stream().sorted().toList().get(READINGS / 2);
    }
}
