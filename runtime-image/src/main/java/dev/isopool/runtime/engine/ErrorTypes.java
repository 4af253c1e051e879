package dev.isopool.runtime.engine;

/** The typed errors of DESIGN.md, as they appear in a result's {@code error.type}. */
public final class ErrorTypes {
    public static final String SYNTAX = "SyntaxError";
    public static final String ERROR = "Error";
    public static final String TIMEOUT = "TimeoutError";
    public static final String CPU = "CpuLimitError";
    public static final String MEMORY = "MemoryLimitError";
    public static final String OUTPUT = "OutputLimitError";
    public static final String INTERNAL = "InternalError";

    private ErrorTypes() {
    }

    /** The inside of a result object carrying a typed error, without its braces and timings. */
    public static String body(String type, String message) {
        return "\"ok\":false,\"error\":{\"type\":\"" + type + "\",\"message\":" + Json.quote(message) + "}";
    }

    /** One result object carrying a typed error. */
    public static String result(String type, String message, long durationUs, long cpuUs) {
        return "{" + body(type, message) + ",\"durationUs\":" + durationUs + ",\"cpuUs\":" + cpuUs + "}";
    }

    /**
     * {@code count} copies of the same error result, as a JSON array; the request's wall and CPU
     * time are divided evenly among them.
     */
    public static String results(int count, String type, String message, long durationUs, long cpuUs) {
        String one = result(type, message, durationUs / Math.max(1, count), cpuUs / Math.max(1, count));
        StringBuilder out = new StringBuilder(2 + count * (one.length() + 1)).append('[');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(one);
        }
        return out.append(']').toString();
    }
}
