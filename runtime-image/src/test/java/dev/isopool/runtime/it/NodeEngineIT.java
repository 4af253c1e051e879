package dev.isopool.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged runtime with ISOPOOL_ENGINE=node: it serves executions, reports engine node in its
 * signals, survives user code that would end a plain Node.js process, and refuses to start with a
 * NODE_OPTIONS that Node.js would drop together with the runtime's own options.
 */
class NodeEngineIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void servesExecutionsAndReportsEngineNode() throws Exception {
        try (RuntimeProcess runtime = RuntimeProcess.start("node-engine",
                // What the operator renders for config/samples/node-engine.yaml (predictable profile):
                // Node's own options and the V8 flags Node accepts in NODE_OPTIONS, the rest apart.
                Map.of("ISOPOOL_ENGINE", "node", "ISOPOOL_WORKERS", "1", "UV_THREADPOOL_SIZE", "2",
                        "NODE_OPTIONS", "--no-warnings --disallow-code-generation-from-strings --max-old-space-size=96",
                        "ISOPOOL_V8_FLAGS", "--no-wasm-tier-up --no-wasm-lazy-compilation"), List.of())) {
            assertEquals(2, value(runtime.execute("{\"code\":\"1+1\"}")).get("value").asInt());

            JsonNode signals = runtime.signals();
            assertEquals("node", signals.get("engine").asText(), signals.toString());
            assertTrue(signals.get("v8Flags").toString().contains("--max-old-space-size=96"), signals.toString());
            assertTrue(signals.get("v8Flags").toString().contains("--no-force-async-hooks-checks"), signals.toString());
            assertTrue(signals.get("v8Flags").toString().contains("--no-wasm-tier-up"), signals.toString());
            assertTrue(signals.get("v8Flags").toString().contains("--no-warnings"), signals.toString());

            JsonNode exit = value(runtime.execute("{\"code\":\"process.exit(7)\"}"));
            assertEquals("Error", exit.get("error").get("type").asText(), exit.toString());
            JsonNode timer = value(runtime.execute("{\"code\":\"new Promise(r => setTimeout(() => r(require('util')"
                    + ".format('%d', 42)), 10))\",\"tenant\":\"t\"}"));
            assertEquals("42", timer.get("value").asText(), timer.toString());
            JsonNode runaway = value(runtime.execute("{\"code\":\"new Promise(() => setTimeout(() => { for (;;) {} }, 1))\","
                    + "\"timeoutMs\":200}"));
            assertEquals("TimeoutError", runaway.get("error").get("type").asText(), runaway.toString());
            assertEquals(2, value(runtime.execute("{\"code\":\"1+1\"}")).get("value").asInt(), "the JVM lives on");
        }
    }

    @Test
    void aNodeOptionsFlagNodeWouldDropStopsStartUp() throws Exception {
        // RuntimeProcess.start fails once the process has exited without becoming ready.
        assertThrows(Throwable.class, () -> RuntimeProcess.start("node-engine-bad-options",
                Map.of("ISOPOOL_ENGINE", "node", "ISOPOOL_WORKERS", "1", "NODE_OPTIONS", "--no-wasm-tier-up"), List.of())
                .close());
        String log = Files.readString(Path.of("target", "it-logs", "node-engine-bad-options.log"));
        assertTrue(log.contains("Node.js does not allow there: --no-wasm-tier-up"), log);
    }

    private static JsonNode value(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return MAPPER.readTree(response.body()).get("results").get(0);
    }
}
