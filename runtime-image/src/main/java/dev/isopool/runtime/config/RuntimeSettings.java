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
        int cpuMs,
        int queueCapacity,
        int maxQueuedPerTenant,
        long maxBufferBytes,
        int maxOutputChars,
        int maxLogBytes,
        int maxInputs) {

    public static final int MAX_INPUTS = 10_000;
    static final int DEFAULT_OUTPUT_CHARS = 1 << 20;
    static final int DEFAULT_LOG_BYTES = 64 * 1024;

    public RuntimeSettings {
        if (maxQueuedPerTenant > queueCapacity) {
            throw new IllegalArgumentException("ISOPOOL_MAX_QUEUED_PER_TENANT (" + maxQueuedPerTenant
                    + ") must not exceed the queue capacity ISOPOOL_QUEUE_CAPACITY (" + queueCapacity + ")");
        }
    }

    /** Reads the settings; {@code heapMb} is the per-isolate heap cap already derived from NODE_OPTIONS. */
    public static RuntimeSettings fromEnvironment(Map<String, String> env, int heapMb) {
        String engine = env.getOrDefault("ISOPOOL_ENGINE", "v8").trim();
        if (!engine.equals("v8") && !engine.equals("node")) {
            throw new IllegalArgumentException("ISOPOOL_ENGINE must be 'v8' or 'node', not '" + engine + "'");
        }
        int workers = positive(env, "ISOPOOL_WORKERS", Runtime.getRuntime().availableProcessors());
        int timeoutMs = positive(env, "ISOPOOL_TIMEOUT_MS", 1000);
        int cpuMs = positive(env, "ISOPOOL_CPU_MS", timeoutMs);
        int queueCapacity = positive(env, "ISOPOOL_QUEUE_CAPACITY", 64 * workers);
        int perTenant = positive(env, "ISOPOOL_MAX_QUEUED_PER_TENANT", Math.max(1, queueCapacity / 4));
        long bufferMb = positive(env, "ISOPOOL_MAX_BUFFER_MB", heapMb);
        int outputChars = positive(env, "ISOPOOL_MAX_OUTPUT_BYTES", DEFAULT_OUTPUT_CHARS);
        int logBytes = positive(env, "ISOPOOL_MAX_LOG_BYTES", DEFAULT_LOG_BYTES);
        return new RuntimeSettings(engine, workers, timeoutMs, cpuMs, queueCapacity, perTenant,
                bufferMb << 20, outputChars, logBytes, MAX_INPUTS);
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
