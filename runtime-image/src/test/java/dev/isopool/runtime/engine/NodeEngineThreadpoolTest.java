package dev.isopool.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * UV_THREADPOOL_SIZE is honoured: this JVM runs with UV_THREADPOOL_SIZE=1 (runtime-image/pom.xml,
 * execution "node-engine"), so a one-iteration crypto.pbkdf2 started right after a long one waits
 * for it and finishes second. With libuv's default pool of four threads it would run beside the
 * long one and finish first, some hundred milliseconds earlier. The order does not depend on how
 * fast the machine is; the two times are printed as the evidence.
 */
class NodeEngineThreadpoolTest {
    private static final int ITERATIONS = 300_000;

    @Test
    void theLibuvPoolHasTheConfiguredSize() {
        assertEquals(1, TestingNodeEngine.platform().threadpoolSize(), "read from UV_THREADPOOL_SIZE");
        String code = "const { pbkdf2 } = require('crypto'); const start = process.hrtime.bigint();"
                + " const order = [], ms = {};"
                + " new Promise((ok, ko) => { const done = (name) => (e) => { if (e) return ko(e);"
                + "   ms[name] = Number(process.hrtime.bigint() - start) / 1e6; order.push(name);"
                + "   if (order.length === 2) ok({ order: order.join(' then '), longMs: ms.long, shortMs: ms.short }) };"
                + "   pbkdf2('p', 's', " + ITERATIONS + ", 32, 'sha256', done('long'));"
                + "   pbkdf2('p', 's', 1, 32, 'sha256', done('short')) })";
        JsonNode r = TestingNodeEngine.run(TestingEngine.body(code, "pool", null, TestingEngine.TIMEOUT_MS))
                .get("results").get(0);
        assertTrue(r.get("ok").asBoolean(), r.toString());
        JsonNode value = r.get("value");
        System.out.printf("UV_THREADPOOL_SIZE=1: the long pbkdf2 finished after %.1f ms, the short one after %.1f ms%n",
                value.get("longMs").asDouble(), value.get("shortMs").asDouble());
        assertEquals("long then short", value.get("order").asText(),
                "on a pool of one thread the short task waits for the long one: " + value);
    }
}
