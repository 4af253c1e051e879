package dev.isopool.runtime.engine;

/** The outcome of one request: a JSON array of per-execution results and the total time. */
public record ExecutionResult(String resultsJson, long durationUs) {

    /** The response body of {@code POST /v1/execute}. */
    public String toJson() {
        return "{\"results\":" + resultsJson + ",\"durationUs\":" + durationUs + "}";
    }
}
