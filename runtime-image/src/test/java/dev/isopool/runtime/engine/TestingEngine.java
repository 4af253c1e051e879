package dev.isopool.runtime.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isopool.runtime.api.RequestParser;
import dev.isopool.runtime.config.RuntimeSettings;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real engine (real Javet, one worker, so "the same worker" is guaranteed) shared by the
 * test classes of this JVM, since V8 flags can be applied only once per process.
 */
public final class TestingEngine {
    public static final int HEAP_MB = 64;
    public static final long BUFFER_BYTES = 32L << 20;
    public static final int OUTPUT_CHARS = 256 * 1024;
    /** Generous: heap and buffer bombs must reach their limit, not the clock, even on a starved CI machine. */
    public static final int TIMEOUT_MS = 30_000;
    public static final int QUEUE_CAPACITY = 16;
    public static final int LOG_BYTES = 64 * 1024;
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static SandboxEngine engine;
    /** The engine's events, for tests that check what the engine reported. */
    public static final RecordingEvents EVENTS = new RecordingEvents();

    private TestingEngine() {
    }

    public static synchronized SandboxEngine shared() {
        if (engine == null) {
            RuntimeSettings settings = settings("v8");
            V8Platform.EffectiveFlags flags = V8Platform.start(HEAP_MB, List.of(), (int) (BUFFER_BYTES / 2 / 65536));
            engine = V8Platform.engine(settings, flags, EVENTS);
            engine.measureBaseline();
            try {
                engine.awaitWarm(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return engine;
    }

    /** One worker with the tests' limits; the CPU limit is the wall limit, as by default. */
    static RuntimeSettings settings(String engine) {
        return new RuntimeSettings(engine, 1, TIMEOUT_MS, TIMEOUT_MS, QUEUE_CAPACITY, QUEUE_CAPACITY / 4, BUFFER_BYTES,
                OUTPUT_CHARS, LOG_BYTES, RuntimeSettings.MAX_INPUTS);
    }

    /** Runs a request body (JSON text) through the parser and engine; returns the response JSON. */
    public static JsonNode run(String body) {
        return run(shared(), body, 120);
    }

    /** Runs a request body through the parser and {@code engine}, waiting for it at most {@code seconds}. */
    static JsonNode run(SandboxEngine engine, String body, int seconds) {
        try {
            ExecutionRequest request = new RequestParser(MAPPER, engine.settings()).parse(body);
            ExecutionResult result = engine.submit(request).get(seconds, TimeUnit.SECONDS);
            return MAPPER.readTree(result.toJson());
        } catch (Exception ex) {
            throw new AssertionError("execution failed: " + ex, ex);
        }
    }

    /** Builds a request body from its parts. */
    public static String body(String code, String tenant, String inputsJson) {
        return body(code, tenant, inputsJson, null);
    }

    /** Builds a request body from its parts, with an explicit time limit when not null. */
    public static String body(String code, String tenant, String inputsJson, Integer timeoutMs) {
        var node = MAPPER.createObjectNode().put("code", code);
        if (timeoutMs != null) {
            node.put("timeoutMs", timeoutMs);
        }
        if (tenant != null) {
            node.put("tenant", tenant);
        }
        if (inputsJson != null) {
            try {
                node.set("inputs", MAPPER.readTree(inputsJson));
            } catch (Exception ex) {
                throw new IllegalArgumentException(ex);
            }
        }
        return node.toString();
    }

    public static JsonNode script(String code) {
        return run(body(code, null, null)).get("results").get(0);
    }

    public static JsonNode script(String code, String tenant) {
        return run(body(code, tenant, null)).get("results").get(0);
    }
}
