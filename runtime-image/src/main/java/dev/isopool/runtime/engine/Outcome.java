package dev.isopool.runtime.engine;

/**
 * How one request ended, as counted in signals and metrics: the most severe of its results.
 * A batch whose 1,000 inputs all succeeded but one that threw is an {@link #ERROR}.
 */
public enum Outcome {
    OK("ok"),
    ERROR("error"),
    SYNTAX_ERROR("syntax_error"),
    OUTPUT_LIMIT("output_limit"),
    TIMEOUT("timeout"),
    CPU_LIMIT("cpu_limit"),
    MEMORY_LIMIT("memory_limit"),
    /** The request was malformed in a way only the isolate could see (inputs that are not JSON): no results, 400. */
    MALFORMED_REQUEST("malformed_request"),
    INTERNAL_ERROR("internal_error");

    /** The label value of the {@code outcome} tag in metrics. */
    public final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The more severe of the two. */
    public Outcome worst(Outcome other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** True for the failures that count against a pod's health: memory limits and internal errors. */
    public boolean healthFailure() {
        return this == MEMORY_LIMIT || this == INTERNAL_ERROR;
    }

    /**
     * Reads the letter the prelude puts before the results: 'A' plus the bits 1 (a thrown error),
     * 2 (a memory limit) and 4 (an output limit).
     */
    static Outcome fromPreludeLetter(char letter) {
        int bits = letter - 'A';
        if (bits < 0 || bits > 7) {
            throw new IllegalArgumentException("not an outcome letter: " + letter);
        }
        Outcome outcome = OK;
        if ((bits & 1) != 0) {
            outcome = outcome.worst(ERROR);
        }
        if ((bits & 4) != 0) {
            outcome = outcome.worst(OUTPUT_LIMIT);
        }
        if ((bits & 2) != 0) {
            outcome = outcome.worst(MEMORY_LIMIT);
        }
        return outcome;
    }

    /** The outcome of a typed error as {@link ErrorTypes} names it. */
    static Outcome ofErrorType(String type) {
        return switch (type) {
            case ErrorTypes.SYNTAX -> SYNTAX_ERROR;
            case ErrorTypes.ERROR -> ERROR;
            case ErrorTypes.TIMEOUT -> TIMEOUT;
            case ErrorTypes.CPU -> CPU_LIMIT;
            case ErrorTypes.MEMORY -> MEMORY_LIMIT;
            case ErrorTypes.OUTPUT -> OUTPUT_LIMIT;
            default -> INTERNAL_ERROR;
        };
    }
}
