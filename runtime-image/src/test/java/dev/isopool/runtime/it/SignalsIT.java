package dev.isopool.runtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lag signal means what it says: a saturated pod reports event-loop lag p99 above the seeds'
 * 30 ms alarm, and once idle it falls back below it within the window.
 */
class SignalsIT {
    private static RuntimeProcess runtime;

    @BeforeAll
    static void start() {
        runtime = RuntimeProcess.start("signals", Map.of("ISOPOOL_WORKERS", "1"), List.of());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void saturationDrivesLagAboveThirtyMillisecondsAndIdleBringsItBack() throws Exception {
        // An idle pod has no lag once its start-up (and whatever else the machine ran then) has
        // left the window; the same margin as after the load below.
        awaitIdleLag("idle");

        // One worker, four requests of 60 ms always in flight: a probe waits behind up to three.
        try (LoadGenerator load = new LoadGenerator(runtime, RuntimeProcess.busyFor(60), 4)) {
            // Lag crosses the alarm within a second; utilization (busy time over the window) follows.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        JsonNode s = runtime.signals();
                        return s.get("eventLoopLagP99Ms").asDouble() > 30 && s.get("utilization").asDouble() > 0.5;
                    });
            JsonNode loaded = runtime.signals();
            System.out.println("saturated: " + loaded);
            assertTrue(loaded.get("executions").asLong() > 0);
            assertEquals(0, load.failed());
        }
        awaitIdleLag("after the load");
    }

    /**
     * Waits until lag is below the alarm: the busy samples leave the 10 s window; on a host that
     * steals CPU the idle probes themselves can run late for a while, hence the margin.
     */
    private static void awaitIdleLag(String phase) {
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    JsonNode s = runtime.signals();
                    System.out.println(phase + ": " + s);
                    return s.get("eventLoopLagP99Ms").asDouble() < 30;
                });
    }

    @Test
    void signalsCarryEveryFieldOfTheContract() {
        JsonNode s = runtime.signals();
        for (String field : List.of("windowSeconds", "workers", "eventLoopLagP99Ms", "workerSlowdown",
                "utilization", "queueDepth", "inflight", "executions", "rejected", "timeouts", "memoryLimitHits",
                "wasmCompileP99Ms", "health", "engine", "v8Flags")) {
            assertTrue(s.has(field), "missing " + field + " in " + s);
        }
        assertEquals(10, s.get("windowSeconds").asInt());
        assertEquals(1, s.get("workers").asInt());
        assertEquals("v8", s.get("engine").asText());
        assertTrue(s.get("v8Flags").toString().contains("--no-turbofan"), s.toString());
        assertTrue(s.get("workerSlowdown").asDouble() > 0, "the baseline exists once ready: " + s);
    }

    @Test
    void metricsAndHealthAnswer() throws Exception {
        runtime.execute("{\"code\":\"1+1\"}");
        String metrics = runtime.get("/q/metrics").body();
        for (String name : List.of("isopool_executions_total{outcome=\"ok\"}", "isopool_execution_duration_seconds_bucket",
                "isopool_event_loop_lag_p99_milliseconds", "isopool_worker_slowdown", "isopool_utilization",
                "isopool_queue_depth", "isopool_rejected_total", "isopool_context_resets_total",
                "isopool_memory_limit_hits_total", "isopool_wasm_compile_seconds", "isopool_health{state=\"OK\"}")) {
            assertTrue(metrics.contains(name), "missing " + name);
        }
        assertEquals(200, runtime.get("/q/health/live").statusCode());
        assertEquals(200, runtime.get("/q/health/started").statusCode());
        assertTrue(runtime.get("/q/health/ready").body().contains("\"canaryBaseline\": true"));
    }
}
