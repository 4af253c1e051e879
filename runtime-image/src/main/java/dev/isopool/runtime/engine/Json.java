package dev.isopool.runtime.engine;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** JSON string quoting for the few envelopes the engine writes by hand. */
final class Json {
    private Json() {
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
