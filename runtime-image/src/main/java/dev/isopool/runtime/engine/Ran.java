package dev.isopool.runtime.engine;

/**
 * The results of one run as the sessions hand them on: the JSON array and how it ended; for a
 * malformed request, the error body instead.
 */
record Ran(String json, Outcome outcome) {

    /** Results as the prelude returns them: an outcome letter, then the JSON array. */
    static Ran fromPrelude(String lettered) {
        return new Ran(lettered.substring(1), Outcome.fromPreludeLetter(lettered.charAt(0)));
    }

    /** Every one of {@code count} results is this typed error; the request took the given times. */
    static Ran error(int count, String type, String message, long durationUs, long cpuUs) {
        return new Ran(ErrorTypes.results(count, type, message, durationUs, cpuUs), Outcome.ofErrorType(type));
    }

    /** No results: the request was malformed (the isolate found its inputs are not JSON), as {@code why} says. */
    static Ran malformed(String why) {
        return new Ran("{\"error\":" + Json.quote(why) + "}", Outcome.MALFORMED_REQUEST);
    }

    /** The prelude's partial results after a termination, counted as ending with that error too. */
    static Ran partial(String lettered, String type) {
        Ran finished = fromPrelude(lettered);
        return new Ran(finished.json(), finished.outcome().worst(Outcome.ofErrorType(type)));
    }
}
