package dev.isopool.autoscaler;

import dev.isopool.autoscaler.Decision.Basis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@link Decision} in the words that events, status and logs show:
 * `lag p99 74 ms > 30 ms target (panic, ratio 2.5 >= 2.0): 2 -> 8`, and the ScalingLimited message.
 */
public final class Explanation {

    private final AutoscalerConfig config;
    private final Decision decision;

    private Explanation(AutoscalerConfig config, Decision decision) {
        this.config = config;
        this.decision = decision;
    }

    public static Explanation of(AutoscalerConfig config, Decision decision) {
        return new Explanation(config, decision);
    }

    /** The decision in one line: the cause, what held the count (in parentheses), and the change. */
    public String reason() {
        int current = decision.currentReplicas();
        int desired = decision.desiredReplicas();
        return switch (decision.basis()) {
            case OUT_OF_BOUNDS -> boundsWord() + ": " + current + " -> " + desired;
            case NO_SIGNALS -> "no signals from any of " + decision.sample().ready() + " ready pods; holding "
                    + current;
            case SIGNALS -> {
                List<String> clauses = new ArrayList<>();
                answeredClause().ifPresent(clauses::add);
                Optional.ofNullable(holdClause()).ifPresent(clauses::add);
                if (decision.limit().limited()) {
                    clauses.add(limitClause());
                }
                yield cause() + (clauses.isEmpty() ? "" : " (" + String.join("; ", clauses) + ")")
                        + (decision.scaled() ? ": " + current + " -> " + desired : "; holding " + current);
            }
        };
    }

    /** The ScalingLimited condition's message: what held the count back, or that nothing did. */
    public String limitMessage() {
        Limit limit = decision.limit();
        if (decision.basis() == Basis.OUT_OF_BOUNDS) {
            return "the current count (" + decision.currentReplicas() + ") is " + boundsWord();
        }
        String wanted = "the desired count (" + limit.wanted() + ")";
        return switch (limit.reason()) {
            case Limit.TOO_MANY -> wanted + " is above maxReplicas (" + config.maxReplicas() + ")";
            case Limit.TOO_FEW -> wanted + " is below minReplicas (" + config.minReplicas() + ")";
            case Limit.SCALE_UP_LIMIT -> wanted + " rises faster than the scale-up rate allows ("
                    + config.behavior().scaleUp().describe() + ")";
            case Limit.SCALE_DOWN_LIMIT -> wanted + " falls faster than the scale-down rate allows ("
                    + config.behavior().scaleDown().describe() + ")";
            default -> "the desired count is within [" + config.minReplicas() + ", " + config.maxReplicas() + "]";
        };
    }

    private String boundsWord() {
        return Limit.TOO_MANY.equals(decision.limit().reason())
                ? "above maxReplicas " + config.maxReplicas()
                : "below minReplicas " + config.minReplicas();
    }

    /** The signal behind the recommendation, in words: `lag p99 74 ms > 30 ms target`. */
    private String cause() {
        Proposal driver = decision.driver().orElseThrow();
        if (driver.replicas() != decision.currentReplicas()) {
            return reading(driver);
        }
        // Nothing asks for a change: say what the signals read, load first, then any alarm.
        return decision.proposals().stream().filter(p -> !p.quiet())
                .sorted(Comparator.comparing(p -> p.kind() == SignalKind.UTILIZATION ? 0 : 1))
                .map(this::reading)
                .reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    /** When the count holds, how many pods its readings came from, if not all. */
    private Optional<String> answeredClause() {
        int answered = decision.sample().answered();
        int pods = decision.sample().pods().size();
        boolean holding = decision.driver().orElseThrow().replicas() == decision.currentReplicas();
        return holding && answered < pods ? Optional.of(answered + " of " + pods + " pods answered") : Optional.empty();
    }

    private String reading(Proposal p) {
        SignalKind kind = p.kind();
        String label = kind == SignalKind.UTILIZATION && refused() ? "demand" : kind.label();
        String target = kind.format(p.target()) + " " + kind.targetWord();
        double raw = p.mean() / p.target();
        if (Math.abs(1.0 - raw) <= config.tolerance()) {
            return label + " " + kind.format(p.mean()) + " within " + Math.round(100 * config.tolerance())
                    + "% of " + target;
        }
        return label + " " + kind.format(p.mean()) + (raw > 1.0 ? " > " : " < ") + target;
    }

    /** Some pod refused requests: the load signal is the demand, utilization counting them. */
    private boolean refused() {
        return decision.sample().pods().stream()
                .anyMatch(pod -> pod.answered() && pod.reading().orElseThrow().rejected() > 0);
    }

    private String holdClause() {
        int recommendation = decision.recommendation();
        int window = config.behavior().scaleDown().stabilizationWindowSeconds();
        return switch (decision.hold()) {
            case PANIC_UP -> "panic, ratio " + fmt(decision.driver().orElseThrow().ratio()) + " >= "
                    + fmt(config.panicThreshold());
            case PANIC_NO_DOWN -> "panic until " + decision.panicUntil().orElseThrow() + ", no scale-down";
            case PANIC_DOWN_HELD -> "scale-down to " + recommendation + " held: in panic for "
                    + (decision.panicUntil().orElseThrow().getEpochSecond() - decision.time().getEpochSecond())
                    + " s more";
            case DOWN_HELD_BY_WINDOW -> "scale-down to " + recommendation + " held: " + decision.windowReplicas()
                    + " recommended within the last " + window + " s";
            case DOWN_TO_WINDOW_MAX -> "down to the highest recommendation of the last " + window + " s";
            case DOWN_AFTER_WINDOW -> "no higher recommendation for " + window + " s";
            case UP_HELD_BY_WINDOW -> "scale-up to " + recommendation + " held by the scale-up window";
            case NONE -> null;
        };
    }

    private String limitClause() {
        int desired = decision.desiredReplicas();
        return switch (decision.limit().reason()) {
            case Limit.TOO_MANY -> "capped at maxReplicas " + desired;
            case Limit.TOO_FEW -> "raised to minReplicas " + desired;
            case Limit.SCALE_UP_LIMIT -> "scale-up rate limits this step to " + desired;
            case Limit.SCALE_DOWN_LIMIT -> "scale-down rate limits this step to " + desired;
            default -> limitMessage();
        };
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
