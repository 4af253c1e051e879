package dev.isopool.runtime.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.isopool.runtime.config.RuntimeSettings;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real engine {@code node} (Javet Node mode, one worker) shared by the node test classes of
 * this JVM, with the limits of {@link TestingEngine}. Node.js is configured once per process, so
 * these tests run in a surefire execution of their own (runtime-image/pom.xml, "node-engine").
 */
public final class TestingNodeEngine {
    private static SandboxEngine engine;
    private static NodePlatform.EffectiveNode platform;
    public static final RecordingEvents EVENTS = new RecordingEvents();

    private TestingNodeEngine() {
    }

    /** Node.js with the test limits, started once. */
    public static synchronized NodePlatform.EffectiveNode platform() {
        if (platform == null) {
            platform = NodePlatform.start(TestingEngine.HEAP_MB, List.of(),
                    (int) (TestingEngine.BUFFER_BYTES / 2 / 65536), System.getenv());
        }
        return platform;
    }

    /** The limits a session of this engine runs with. */
    static SessionLimits limits() {
        return new SessionLimits(TestingEngine.HEAP_MB, TestingEngine.BUFFER_BYTES, TestingEngine.OUTPUT_CHARS,
                TestingEngine.LOG_BYTES, platform().flags().wasmPageCap());
    }

    public static synchronized SandboxEngine shared() {
        if (engine == null) {
            RuntimeSettings settings = TestingEngine.settings("node");
            engine = NodePlatform.engine(settings, platform().flags(), EVENTS);
            engine.measureBaseline();
            try {
                if (!engine.awaitWarm(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the node engine's worker did not start (see the log)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return engine;
    }

    /** Runs a request body (JSON text) through the parser and engine; returns the response JSON. */
    public static JsonNode run(String body) {
        return TestingEngine.run(shared(), body, 60);
    }

    public static JsonNode script(String code) {
        return run(TestingEngine.body(code, null, null)).get("results").get(0);
    }

    public static JsonNode script(String code, String tenant) {
        return run(TestingEngine.body(code, tenant, null)).get("results").get(0);
    }

    public static JsonNode script(String code, String tenant, int timeoutMs) {
        return run(TestingEngine.body(code, tenant, null, timeoutMs)).get("results").get(0);
    }
}
