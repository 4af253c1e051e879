package dev.isopool.runtime.engine;

/** The typed errors of DESIGN.md, as they appear in a result's {@code error.type}. */
public final class ErrorTypes {
    public static final String SYNTAX = "SyntaxError";
    public static final String ERROR = "Error";
    public static final String TIMEOUT = "TimeoutError";
    public static final String MEMORY = "MemoryLimitError";
    public static final String OUTPUT = "OutputLimitError";
    public static final String INTERNAL = "InternalError";

    private ErrorTypes() {
    }

    /** One result object carrying a typed error. */
    public static String result(String type, String message, long durationUs) {
        return "{\"ok\":false,\"error\":{\"type\":\"" + type + "\",\"message\":" + Json.quote(message)
                + "},\"durationUs\":" + durationUs + "}";
    }

    /** {@code count} copies of the same error result, as a JSON array. */
    public static String results(int count, String type, String message, long durationUs) {
        String one = result(type, message, durationUs);
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
