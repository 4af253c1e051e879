package dev.isopool.runtime.engine;

/**
 * The outcome of one request: a JSON array of per-execution results (for a malformed request, the
 * error body), the total wall time, the CPU time its worker thread spent on it, and the most
 * severe outcome among the results.
 */
public record ExecutionResult(String resultsJson, long durationUs, long cpuUs, Outcome outcome) {

    /** The HTTP status of the answer: 400 for a request the isolate found malformed, else 200. */
    public int httpStatus() {
        return outcome == Outcome.MALFORMED_REQUEST ? 400 : 200;
    }

    /** The response body of {@code POST /v1/execute}. */
    public String toJson() {
        if (outcome == Outcome.MALFORMED_REQUEST) {
            return resultsJson;
        }
        return "{\"results\":" + resultsJson + ",\"durationUs\":" + durationUs + "}";
    }
}
