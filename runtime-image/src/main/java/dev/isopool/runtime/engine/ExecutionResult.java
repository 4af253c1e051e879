package dev.isopool.runtime.engine;

/**
 * The outcome of one request: a JSON array of per-execution results, the total wall time, the CPU
 * time its worker thread spent on it, and the most severe outcome among the results.
 */
public record ExecutionResult(String resultsJson, long durationUs, long cpuUs, Outcome outcome) {

    /** The response body of {@code POST /v1/execute}. */
    public String toJson() {
        return "{\"results\":" + resultsJson + ",\"durationUs\":" + durationUs + "}";
    }
}
