package dev.isopool.runtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Worker slowdown sees a CPU that workers do not have to themselves, whatever takes it: a second
 * busy worker on the same CPU, a process outside the pod, a CPU quota. Its first factor, the CPU
 * contention, is wall time over the CPU time the worker threads got: each case is asserted on it
 * with margins a busy machine cannot erase (about 2 against at most 1.3; a signal stuck at 1, or
 * one that follows load instead of the CPU share, fails), and on the slowdown that the autoscaler
 * reads, which contains it. Every reading is printed.
 */
class SlowdownIT {

    /** Readings taken per phase once the window holds only samples of that phase. */
    private static final int READINGS = 5;
    /** A worker with a core to itself: wall time is CPU time, up to the machine's own noise. */
    private static final double HAS_A_CORE = 1.3;
    /** A worker with half a core: about 2. */
    private static final double SHARES_A_CORE = 1.7;
    private static final Path CGROUP_CPU = Path.of("/sys/fs/cgroup/cpu");

    @Test
    void oneWorkerPinnedToOneCpuHasItToItselfAndReadsAboutOneAtRestAfterward() {
        try (RuntimeProcess runtime = start("pinned-1", 1, List.of("taskset", "-c", "0"))) {
            JsonNode loaded = loadedReading(runtime, 1, "1 worker on one CPU, loaded");
            assertTrue(loaded.get("cpuContention").asDouble() <= HAS_A_CORE, "1 worker per CPU: " + loaded);
            assertTrue(loaded.get("workerSlowdown").asDouble() <= HAS_A_CORE * 1.2, "1 worker per CPU: " + loaded);
            settled(runtime, "1 worker on one CPU, at rest after load");
        }
    }

    @Test
    void twoBusyWorkersOnOneCpuReadAboutTwo() {
        try (RuntimeProcess runtime = start("pinned-2", 2, List.of("taskset", "-c", "0"))) {
            JsonNode loaded = loadedReading(runtime, 2, "2 workers on one CPU, loaded");
            assertShared(loaded, "2 busy workers per CPU");
        }
    }

    @Test
    void aProcessOutsideThePodTakingItsCpuReadsAboutTwo() throws IOException {
        try (RuntimeProcess runtime = start("pinned-spinner", 1, List.of("taskset", "-c", "0"))) {
            Process spinner = new ProcessBuilder("taskset", "-c", "0", "sh", "-c", "while :; do :; done").start();
            try {
                JsonNode loaded = loadedReading(runtime, 1, "1 worker on one CPU beside a spinning process");
                assertShared(loaded, "a spinning process on the worker's CPU");
            } finally {
                spinner.destroyForcibly();
            }
        }
    }

    @Test
    void aQuotaOfHalfACpuReadsAboutTwo() throws IOException {
        Path group = CGROUP_CPU.resolve("isopool-slowdown-it-" + ProcessHandle.current().pid());
        assumeTrue(Files.isWritable(CGROUP_CPU), "the cgroup v1 cpu controller at " + CGROUP_CPU
                + " is not writable here (needs root); the quota case cannot be made");
        Files.createDirectories(group);
        try {
            Files.writeString(group.resolve("cpu.cfs_period_us"), "100000");
            Files.writeString(group.resolve("cpu.cfs_quota_us"), "50000");
            List<String> inGroup = List.of("sh", "-c", "echo $$ > " + group.resolve("cgroup.procs") + " && exec \"$@\"",
                    "sh");
            try (RuntimeProcess runtime = start("quota-half", 1, inGroup)) {
                JsonNode loaded = loadedReading(runtime, 1, "1 worker under a quota of half a CPU, loaded");
                assertShared(loaded, "a quota of half a CPU");
            }
        } finally {
            removeGroup(group);
        }
    }

    @Test
    void twoWorkersOnTwoCoresEachHaveOne() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores");
        try (RuntimeProcess runtime = start("unpinned-2", 2, List.of())) {
            JsonNode loaded = loadedReading(runtime, 2, "2 workers on 2 cores, loaded");
            assertTrue(loaded.get("cpuContention").asDouble() <= HAS_A_CORE, "a core per worker: " + loaded);
        }
    }

    private static RuntimeProcess start(String name, int workers, List<String> prefix) {
        RuntimeProcess runtime = RuntimeProcess.start("slowdown-" + name,
                Map.of("ISOPOOL_WORKERS", Integer.toString(workers)), prefix);
        // The process's own start-up (JIT compilation, class loading) shares the CPUs for a while.
        settled(runtime, name + ", at rest after start-up");
        return runtime;
    }

    private static void assertShared(JsonNode loaded, String why) {
        assertTrue(loaded.get("cpuContention").asDouble() >= SHARES_A_CORE, why + ": " + loaded);
        assertTrue(loaded.get("workerSlowdown").asDouble() >= SHARES_A_CORE, why + ": " + loaded);
        assertEquals(loaded.get("workerSlowdown").asDouble(),
                loaded.get("cpuContention").asDouble() * loaded.get("codeSlowdown").asDouble(), 0.05,
                "workerSlowdown = cpuContention x codeSlowdown: " + loaded);
    }

    /** Every worker kept busy by 100 ms executions (two clients each); the reading with the median contention. */
    private static JsonNode loadedReading(RuntimeProcess runtime, int workers, String phase) {
        try (LoadGenerator load = new LoadGenerator(runtime, RuntimeProcess.busyFor(100), 2 * workers)) {
            List<JsonNode> readings = new ArrayList<>();
            // The first 12 s fill the 10 s window with this phase's samples; then one reading a second.
            await().pollDelay(Duration.ofSeconds(12)).pollInterval(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(12 + 3L * READINGS))
                    .until(() -> {
                        JsonNode now = runtime.signals();
                        System.out.println(phase + ": " + summary(now));
                        if (now.get("workerSlowdown").asDouble() > 0) {
                            readings.add(now);
                        }
                        return readings.size() >= READINGS;
                    });
            assertTrue(load.completed() > 0, "the load generator got answers");
            return readings.stream()
                    .sorted((a, b) -> Double.compare(a.get("cpuContention").asDouble(),
                            b.get("cpuContention").asDouble()))
                    .toList().get(READINGS / 2);
        }
    }

    /** Waits until the pod reads a core per worker at rest (about 1), printing what it reads meanwhile. */
    private static void settled(RuntimeProcess runtime, String phase) {
        await(phase).pollInterval(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(75)).until(() -> {
            JsonNode now = runtime.signals();
            System.out.println(phase + ": " + summary(now));
            return now.get("workerSlowdown").asDouble() > 0 && now.get("cpuContention").asDouble() <= HAS_A_CORE;
        });
    }

    private static String summary(JsonNode s) {
        return String.format("workerSlowdown %s = cpuContention %s x codeSlowdown %s, utilization %s",
                s.get("workerSlowdown"), s.get("cpuContention"), s.get("codeSlowdown"), s.get("utilization"));
    }

    private static void removeGroup(Path group) throws IOException {
        // A cgroup is removed once its processes have left (the runtime has exited by now).
        await("the test's cgroup empties").atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                Files.delete(group);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }
}
