package dev.isopool.runtime.engine;

import java.util.List;

/**
 * V8's own RangeErrors for its memory limits: user code that hits one ends with MemoryLimitError,
 * not Error. The one list: the sessions check what reaches Java with it, and the prelude gets it
 * ({@link #json()}) for what user code throws inside a batch or a promise, which JavaScript
 * classifies without a call back into Java.
 */
final class EngineMemoryErrors {
    /** The messages, as V8 14.7 words them. */
    static final List<String> MESSAGES = List.of("Maximum call stack size exceeded", "Invalid string length",
            "Invalid array length", "Array buffer allocation failed");
    private static final String JSON = "[" + String.join(",", MESSAGES.stream().map(Json::quote).toList()) + "]";

    private EngineMemoryErrors() {
    }

    /** True for "RangeError: " and one of the messages, as a thrown error reads in Java. */
    static boolean matches(String thrownMessage) {
        return thrownMessage.startsWith("RangeError: ") && MESSAGES.contains(thrownMessage.substring(12));
    }

    /** The messages as a JSON array, for the prelude. */
    static String json() {
        return JSON;
    }
}
