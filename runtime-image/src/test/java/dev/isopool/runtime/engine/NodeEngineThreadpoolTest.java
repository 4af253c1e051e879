package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * UV_THREADPOOL_SIZE is honoured: this JVM runs with UV_THREADPOOL_SIZE=1 (runtime-image/pom.xml,
 * execution "node-engine"), so four CPU-bound crypto.pbkdf2 calls started together run one after
 * another and take about four times as long as one. With libuv's default pool of four threads
 * they would run in parallel on the machine's cores and take at most about half of that. Each
 * figure is the fastest of a few rounds, since a noisy neighbour only makes a round slower (one
 * slow single round once gave a ratio of 1.8).
 */
class NodeEngineThreadpoolTest {
    private static final int ITERATIONS = 300_000;

    @Test
    void theLibuvPoolHasTheConfiguredSize() {
        assertEquals(1, TestingNodeEngine.platform().threadpoolSize(), "read from UV_THREADPOOL_SIZE");
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "parallelism is only visible on 2+ cores");
        String code = "const { pbkdf2 } = require('crypto');"
                + " const round = (n) => new Promise((ok, ko) => { const start = process.hrtime.bigint(); let left = n;"
                + "   for (let i = 0; i < n; i++) pbkdf2('p' + i, 's', " + ITERATIONS + ", 32, 'sha256', (e) => {"
                + "     if (e) ko(e); else if (--left === 0) ok(Number(process.hrtime.bigint() - start) / 1e6) }) });"
                // The fastest of several rounds each: other work on the machine only slows a round down.
                + " (async () => { await round(1); const one = Math.min(await round(1), await round(1), await round(1));"
                + "   const four = Math.min(await round(4), await round(4));"
                + "   return { one, four, ratio: four / one } })()";
        JsonNode r = TestingNodeEngine.run(TestingEngine.body(code, "pool", null, TestingEngine.TIMEOUT_MS))
                .get("results").get(0);
        assertTrue(r.get("ok").asBoolean(), r.toString());
        double ratio = r.get("value").get("ratio").asDouble();
        System.out.printf("UV_THREADPOOL_SIZE=1: one pbkdf2 %.1f ms, four together %.1f ms, ratio %.2f%n",
                r.get("value").get("one").asDouble(), r.get("value").get("four").asDouble(), ratio);
        assertTrue(ratio > 3.0, "four tasks on a pool of one thread run in turn (ratio about 4): " + r);
    }
}
