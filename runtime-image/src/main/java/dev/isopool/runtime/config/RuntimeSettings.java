package dev.isopool.runtime.config;

import java.util.Map;

/**
 * What the runtime reads from its environment (DESIGN.md, "Configuration it reads"), parsed and
 * checked once at start-up. A malformed value stops start-up with a message naming the variable.
 */
public record RuntimeSettings(
        String engine,
        int workers,
        int timeoutMs,
        int queueCapacity,
        long maxBufferBytes,
        int maxOutputChars,
        int maxInputs) {

    public static final int MAX_INPUTS = 10_000;
    static final int DEFAULT_OUTPUT_CHARS = 1 << 20;

    /** Reads the settings; {@code heapMb} is the per-isolate heap cap already derived from NODE_OPTIONS. */
    public static RuntimeSettings fromEnvironment(Map<String, String> env, int heapMb) {
        String engine = env.getOrDefault("ISOPOOL_ENGINE", "v8").trim();
        if (!engine.equals("v8") && !engine.equals("node")) {
            throw new IllegalArgumentException("ISOPOOL_ENGINE must be 'v8' or 'node', not '" + engine + "'");
        }
        int workers = positive(env, "ISOPOOL_WORKERS", Runtime.getRuntime().availableProcessors());
        int timeoutMs = positive(env, "ISOPOOL_TIMEOUT_MS", 1000);
        int queueCapacity = positive(env, "ISOPOOL_QUEUE_CAPACITY", 64 * workers);
        long bufferMb = positive(env, "ISOPOOL_MAX_BUFFER_MB", heapMb);
        int outputChars = positive(env, "ISOPOOL_MAX_OUTPUT_BYTES", DEFAULT_OUTPUT_CHARS);
        return new RuntimeSettings(engine, workers, timeoutMs,
                queueCapacity, bufferMb << 20, outputChars, MAX_INPUTS);
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive integer, not '" + raw + "'");
    }
}
