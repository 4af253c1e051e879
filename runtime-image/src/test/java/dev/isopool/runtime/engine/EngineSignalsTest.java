package dev.isopool.runtime.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the real engine reports: outcomes, compiles, probes and the canary. */
class EngineSignalsTest {
    private static final RecordingEvents EVENTS = TestingEngine.EVENTS;

    /** Runs a request and waits for the engine's report of it (sent just after the answer). */
    private static Outcome outcomeOf(String body) {
        long before = EVENTS.executions();
        TestingEngine.run(body);
        await().atMost(Duration.ofSeconds(5)).until(() -> EVENTS.executions() > before);
        return EVENTS.lastOutcome();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a value                    | 6 * 7                                               | | OK",
            "a throw                    | throw new Error('no')                               | | ERROR",
            "a syntax error             | let let = ;                                         | | SYNTAX_ERROR",
            "a runaway loop             | for (;;) {}                                         | | TIMEOUT",
            "a heap bomb                | const a = []; for (;;) a.push(new Array(1e5).fill(1)) | | MEMORY_LIMIT",
            "a buffer bomb              | const a = []; for (;;) a.push(new ArrayBuffer(1 << 24)) | | MEMORY_LIMIT",
            "an output bomb             | 'x'.repeat(1 << 20)                                 | | OUTPUT_LIMIT",
            "a batch with one throw     | (x) => { if (x === 2) throw new Error('two'); return x } | [[1],[2],[3]] | ERROR",
            "a batch that all succeeds  | (x) => x * 2                                        | [[1],[2],[3]] | OK",
            "not a function with inputs | 42                                                  | [[1]] | ERROR",
    })
    void everyRequestIsReportedWithItsMostSevereOutcome(String name, String code, String inputs, Outcome expected) {
        Integer timeout = expected == Outcome.TIMEOUT ? 300 : null;
        assertEquals(expected, outcomeOf(TestingEngine.body(code, null, inputs, timeout)));
    }

    @Test
    void aModuleCountsAsCompiledOnceOnAWorker() {
        // (module (func (export "f") (result i32) i32.const 7))
        byte[] wasm = {0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0,
                10, 6, 1, 4, 0, 65, 7, 11};
        String body = "{\"code\":\"new WebAssembly.Instance(modules.m).exports.f()\",\"modules\":{\"m\":\""
                + Base64.getEncoder().encodeToString(wasm) + "\"},\"tenant\":\"compile-count\"}";
        long before = EVENTS.compiles();
        assertEquals(7, TestingEngine.run(body).get("results").get(0).get("value").asInt());
        assertEquals(before + 1, EVENTS.compiles());
        TestingEngine.run(body.replace("compile-count", "another-tenant"));
        assertEquals(before + 1, EVENTS.compiles(), "a second compile of the same bytes is V8's cache, not a compile");
    }

    @Test
    void probesAndTheCanaryRunOnTheWorkersOnceTheBaselineExists() {
        SandboxEngine engine = TestingEngine.shared();
        await().atMost(Duration.ofSeconds(30)).until(engine::isReady);
        assertTrue(engine.load().canaryBaselineNanos() > 0);
        long probes = EVENTS.probes();
        long canaries = EVENTS.canaries();
        await().atMost(Duration.ofSeconds(5)).until(() -> EVENTS.probes() > probes + 20 && EVENTS.canaries() > canaries);
        assertTrue(engine.isLive());
    }
}
