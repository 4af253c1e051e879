package dev.isopool.runtime.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isopool.runtime.api.RequestParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The fair queue in the real engine (one worker): a flooding tenant is refused with its own 429
 * once it has its share waiting, while a light tenant is still admitted and served before the
 * flooder's backlog. Order and admission are the queue's logic, not timings: the margin is the
 * flooder's backlog (four executions of 50 ms), which no busy machine runs in the microseconds
 * between the refusal and the light request.
 */
class FairnessEngineTest {
    private static final int BUSY_MS = 50;

    private static ExecutionRequest request(SandboxEngine engine, String code, String tenant) {
        return new RequestParser(TestingEngine.MAPPER, engine.settings()).parse(TestingEngine.body(code, tenant, null));
    }

    @Test
    void aFloodingTenantIsRefusedWhileALightTenantGetsThroughFirst() throws Exception {
        SandboxEngine engine = TestingEngine.shared();
        await().atMost(Duration.ofSeconds(30)).until(engine::isReady); // the baseline canary has run
        String busy = "const end = Date.now() + " + BUSY_MS + "; while (Date.now() < end) {} 'flood'";
        int share = engine.settings().maxQueuedPerTenant();
        AtomicInteger finishOrder = new AtomicInteger();
        List<CompletableFuture<Integer>> flood = new ArrayList<>();
        SaturatedException refused = null;
        for (int i = 0; i < share + 2 && refused == null; i++) {
            try {
                flood.add(engine.submit(request(engine, busy, "flooder")).thenApply(r -> finishOrder.incrementAndGet()));
            } catch (SaturatedException e) {
                refused = e;
            }
        }
        assertTrue(refused != null, "the flooder is refused once " + share + " of its executions wait");
        assertEquals(SaturatedException.Scope.TENANT, refused.scope(), refused.getMessage());
        assertEquals("flooder", refused.tenant());

        CompletableFuture<ExecutionResult> light = engine.submit(request(engine, "6 * 7", "light"));
        int lightFinished = light.thenApply(r -> finishOrder.incrementAndGet()).get(60, TimeUnit.SECONDS);
        ExecutionResult lightResult = light.get();
        List<Integer> floodFinished = new ArrayList<>();
        for (CompletableFuture<Integer> f : flood) {
            floodFinished.add(f.get(60, TimeUnit.SECONDS));
        }
        System.out.printf("fairness in the engine: flooder admitted %d and refused (%s), light finished %d-th of %d,"
                + " flooder's in order %s%n", flood.size(), refused.getMessage(), lightFinished, flood.size() + 1,
                floodFinished);
        assertTrue(lightResult.resultsJson().contains("42"), lightResult.resultsJson());
        int lastFlood = floodFinished.stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(lightFinished < lastFlood, "the light request is served before the flooder's backlog");
        assertTrue(lightFinished <= 2, "at most the flooder's running execution finishes before it");
    }
}
