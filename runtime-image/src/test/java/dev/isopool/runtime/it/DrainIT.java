package dev.isopool.runtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM: new work gets 503 and readiness goes down, accepted work finishes, then the process exits. */
class DrainIT {

    @Test
    void sigtermDrainsAcceptedWorkAndRefusesNewWork() throws Exception {
        try (RuntimeProcess runtime = RuntimeProcess.start("drain", Map.of("ISOPOOL_WORKERS", "2"), List.of())) {
            // Two running, one queued.
            List<CompletableFuture<HttpResponse<String>>> accepted = List.of(
                    runtime.executeAsync(RuntimeProcess.busyFor(900)),
                    runtime.executeAsync(RuntimeProcess.busyFor(900)),
                    runtime.executeAsync(RuntimeProcess.busyFor(900)));
            await().atMost(Duration.ofSeconds(5)).until(() -> runtime.signals().get("inflight").asInt() == 2);

            runtime.terminate();
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                    .until(() -> runtime.get("/q/health/ready").statusCode() == 503);
            HttpResponse<String> refused = runtime.execute("{\"code\":\"1\"}");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("shutting down"), refused.body());

            for (CompletableFuture<HttpResponse<String>> f : accepted) {
                HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().contains("\"ok\":true"), "accepted work ran to the end: " + r.body());
            }
            assertTrue(runtime.awaitExit(Duration.ofSeconds(30)), "the process exits once drained");
        }
    }
}
