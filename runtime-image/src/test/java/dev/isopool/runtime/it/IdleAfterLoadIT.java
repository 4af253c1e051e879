package dev.isopool.runtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pod that served tens of thousands of fresh contexts is back at its rest values once idle: its
 * canary costs what it cost before the load, its lag falls below the alarm, and its memory stays
 * within its isolates' caps. The failure this guards against: after a burst of one context per
 * request, idle pods read canaries 2-28x slower and lag of 100-200 ms (so the autoscaler never
 * scaled them down), and one isolate's heap grew past 2 GiB.
 */
class IdleAfterLoadIT {
    /** Resident memory a healthy pod stays under: two 128 MiB isolates, their canaries and a 256 MiB JVM heap. */
    private static final long RSS_CEILING_MIB = 1_200;
    private static final String WORKLOAD = "((a,b,c)=>a.reduce((acc,x)=>acc+x,b)+c.length)"
            + "([1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],4,'xy')";
    private static RuntimeProcess runtime;

    @BeforeAll
    static void start() {
        runtime = RuntimeProcess.start("idle-after-load", Map.of("ISOPOOL_WORKERS", "2"), List.of());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void canaryLagAndMemoryAreAtRestAfterALoadOfFreshContexts() throws Exception {
        JsonNode before = awaitRest("before the load", Double.MAX_VALUE);
        double restSlowdown = before.get("codeSlowdown").asDouble();

        AtomicLong tenant = new AtomicLong();
        long executions;
        try (LoadGenerator load = new LoadGenerator(runtime,
                () -> "{\"tenant\":\"idle-" + tenant.incrementAndGet() + "\",\"code\":\"" + WORKLOAD + "\"}", 8)) {
            Thread.sleep(20_000);
            executions = load.completed();
            System.out.println("load: " + executions + " executions in 20 s, each in a fresh context; "
                    + runtime.signals());
            assertEquals(0, load.failed());
        }
        assertTrue(executions > 5_000, "the load ran only " + executions + " executions");

        // The canary is timed on a worker's CPU clock, so other work on the machine hardly moves it:
        // at rest it reads about 1, and in the failure above 2 to 28.
        JsonNode after = awaitRest("after the load", Math.max(1.5, restSlowdown * 1.5));
        long rss = runtime.rssMib();
        System.out.println("at rest after the load: resident memory " + rss + " MiB; " + after);
        assertTrue(rss < RSS_CEILING_MIB, "resident memory " + rss + " MiB after the load");
    }

    /**
     * Waits until the signals' window holds no execution (what it reads is the pod at rest, not the
     * load leaving it), its lag is below the 30 ms alarm and the canary's slowdown below {@code maxSlowdown}.
     */
    private static JsonNode awaitRest(String phase, double maxSlowdown) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    JsonNode s = runtime.signals();
                    last[0] = s;
                    System.out.println(phase + ": " + s);
                    return s.get("executions").asLong() == 0 && s.get("eventLoopLagP99Ms").asDouble() < 30
                            && s.get("codeSlowdown").asDouble() < maxSlowdown;
                });
        return last[0];
    }
}
