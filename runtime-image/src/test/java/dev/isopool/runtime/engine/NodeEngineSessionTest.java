package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One Node.js session driven directly: what it reports to the engine's events. */
class NodeEngineSessionTest {
    private static final List<Long> LAGS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger RESETS = new AtomicInteger();
    private static Watchdog watchdog;
    private static NodeSession session;

    @BeforeAll
    static void open() throws Exception {
        watchdog = new Watchdog();
        session = new NodeSession(com.caoccao.javet.interop.V8Host.getNodeInstance(), TestingNodeEngine.limits(),
                new CompiledModules(), watchdog, new EngineEvents() {
                    @Override
                    public void lag(long lagNanos) {
                        LAGS.add(lagNanos);
                    }

                    @Override
                    public void contextReset() {
                        RESETS.incrementAndGet();
                    }
                });
    }

    @AfterAll
    static void close() throws Exception {
        session.close();
        watchdog.close();
    }

    private static JsonNode run(String code) throws Exception {
        ExecutionResult result = session.execute(new ExecutionRequest(code, null, 0, "session", 5000, 5000, List.of()));
        return TestingEngine.MAPPER.readTree(result.resultsJson()).get(0);
    }

    @Test
    void theLoopsOwnDelayFeedsTheLagSignalOncePerExecution() throws Exception {
        LAGS.clear();
        JsonNode sync = run("21 * 2");
        assertEquals(42, sync.get("value").asInt());
        assertTrue(LAGS.isEmpty(), "an execution that never runs the loop reports no loop delay: " + LAGS);

        // A timer callback that blocks the loop for 150 ms delays the histogram's own 10 ms timer.
        JsonNode blocked = run("new Promise(r => setTimeout(() => { const end = Date.now() + 150;"
                + " while (Date.now() < end); setTimeout(() => r('done'), 30) }, 5))");
        assertEquals("done", blocked.get("value").asText(), blocked.toString());
        assertEquals(1, LAGS.size(), "one sample per execution, the worst delay of its loop: " + LAGS);
        assertTrue(LAGS.get(0) >= 100_000_000L, "the blocked loop's delay is reported: " + LAGS);

        LAGS.clear();
        JsonNode idle = run("new Promise(r => setTimeout(() => r('idle'), 60))");
        assertEquals("idle", idle.get("value").asText());
        assertTrue(LAGS.stream().allMatch(l -> l < 100_000_000L), "a loop that only waits is not delayed: " + LAGS);
    }

    @Test
    void aRuntimeIsKeptForItsKeyAndReplacedWhenWorkIsLeftBehind() throws Exception {
        session.recycle(null);
        int before = RESETS.get();
        run("globalThis.n = (globalThis.n || 0) + 1");
        session.recycle(new ExecutionRequest("globalThis.n = (globalThis.n || 0) + 1", null, 0, "session", 5000, 5000,
                List.of()).key());
        assertEquals(2, run("globalThis.n = (globalThis.n || 0) + 1").get("value").asInt(), "the warm runtime is reused");
        assertEquals(before, RESETS.get());
        run("setTimeout(() => {}, 60000); 'left a timer'");
        int afterTimer = RESETS.get(); // one more: another code, another runtime
        session.recycle(new ExecutionRequest("setTimeout(() => {}, 60000); 'left a timer'", null, 0, "session", 5000, 5000,
                List.of()).key());
        assertEquals(afterTimer + 1, RESETS.get(), "a runtime with a pending timer is never reused, even for its key");
    }
}
