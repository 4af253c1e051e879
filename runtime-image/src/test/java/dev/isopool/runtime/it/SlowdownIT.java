package dev.isopool.runtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The slowdown signal means what it says: pinned to one CPU with {@code taskset}, two busy
 * workers share it and the canary takes about twice its idle time; one busy worker has the CPU
 * to itself and reports about 1.
 */
class SlowdownIT {

    @ParameterizedTest(name = "{0} worker(s) on one CPU report a slowdown in [{1}, {2}]")
    @CsvSource({"1, 0.7, 1.4", "2, 1.6, 3.2"})
    void slowdownFollowsWorkersPerCpu(int workers, double low, double high) {
        try (RuntimeProcess runtime = RuntimeProcess.start("slowdown-" + workers,
                Map.of("ISOPOOL_WORKERS", Integer.toString(workers)), List.of("taskset", "-c", "0"));
             LoadGenerator load = new LoadGenerator(runtime, RuntimeProcess.busyFor(100), 2 * workers)) {
            // Let the canary's window fill with loaded samples (10 s window, a canary every 0.5 s).
            await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        JsonNode now = runtime.signals();
                        System.out.println(workers + " worker(s) on one CPU, loaded: " + now);
                        double slowdown = now.get("workerSlowdown").asDouble();
                        return slowdown >= low && slowdown <= high;
                    });
            JsonNode s = runtime.signals();
            System.out.println(workers + " worker(s) on one CPU: " + s);
            assertTrue(load.completed() > 0);
        }
    }
}
