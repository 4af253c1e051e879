package dev.isopool.operator.planning;

/**
 * Something wrong with a spec that the schema cannot catch: the field a user has to fix, a machine-readable
 * reason (the Degraded condition's), and a message.
 */
public record SpecProblem(String field, String reason, String message) {

    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String MEMORY_BELOW_PLAN = "MemoryBelowPlan";

    public static SpecProblem invalid(String field, String message) {
        return new SpecProblem(field, INVALID_SPEC, message);
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
