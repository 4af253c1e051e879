package dev.isopool.operator.planning;

/** The outcome of checking one V8 flag or Node option, with the reason a user reads in the pool's status. */
public record FlagVerdict(Kind kind, String reason) {

    /** How a flag was judged. */
    public enum Kind {
        ALLOWED, UNKNOWN, DANGEROUS, RESERVED, MALFORMED
    }

    public static FlagVerdict allowed() {
        return new FlagVerdict(Kind.ALLOWED, "");
    }

    public static FlagVerdict of(Kind kind, String reason) {
        return new FlagVerdict(kind, reason);
    }

    public boolean isAllowed() {
        return kind == Kind.ALLOWED;
    }
}
