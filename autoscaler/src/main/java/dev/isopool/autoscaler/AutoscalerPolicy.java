package dev.isopool.autoscaler;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * The autoscaler's decision, pure: one scrape, the remembered history and the time in; a {@link Decision} out.
 *
 * <ol>
 *   <li>Bounds first: a pool outside `[min, max]` (the user just changed them) is brought inside.</li>
 *   <li>Each signal proposes a count with the HPA's calculation ({@link ReplicaCalculator}): utilization always,
 *       lag and slowdown only while above their target. The recommendation is the largest proposal, which equals
 *       `ceil(current x r)` for the largest ratio `r`. No pod answered: hold, record nothing (the HPA's rule:
 *       never scale down on missing data).</li>
 *   <li>Panic (Knative): a ratio at or above 2 scales up to the recommendation at once, past the scale-up rate
 *       policies; for 60 s after the last such tick the count never falls.</li>
 *   <li>Otherwise the HPA's behavior: stabilization windows (scale-down waits until no higher recommendation is left
 *       in its window), then rate policies, then the bounds.</li>
 * </ol>
 */
public final class AutoscalerPolicy {

    private static final List<SignalKind> EXPLAIN_ORDER =
            List.of(SignalKind.EVENT_LOOP_LAG, SignalKind.WORKER_SLOWDOWN, SignalKind.UTILIZATION);

    private AutoscalerPolicy() {
    }

    public static Decision decide(AutoscalerConfig config, PoolSample sample, History history, Instant now) {
        int current = sample.currentReplicas();
        int min = config.minReplicas();
        int max = config.maxReplicas();
        Decision.PoolSignals pool = poolSignals(sample);
        History remembered = trackSlowdown(config, pool, history, now);
        long retention = config.behavior().retentionSeconds();

        if (current > max || current < min) {
            int bounded = current > max ? max : min;
            String why = current > max
                    ? "above maxReplicas " + max
                    : "below minReplicas " + min;
            Limit limit = new Limit(current > max ? Limit.TOO_MANY : Limit.TOO_FEW,
                    "the current count (" + current + ") is " + why);
            return new Decision(current, bounded, bounded, why + ": " + current + " -> " + bounded, limit,
                    false, pool.sampledPods() == 0, pool,
                    remembered.withScaleEvent(new History.ScaleEvent(now, bounded - current), now, retention));
        }

        List<ReplicaCalculator.Proposal> proposals = Stream.of(SignalKind.values())
                .map(kind -> ReplicaCalculator.propose(kind, kind.target(config), sample, config.tolerance()))
                .flatMap(Optional::stream)
                .toList();
        if (proposals.isEmpty()) {
            String reason = "no signals from any of " + sample.ready() + " ready pods; holding " + current;
            boolean panic = remembered.panicking(now, config.panicWindowSeconds());
            return new Decision(current, current, current, reason, Limit.within(min, max), panic, true, pool,
                    remembered);
        }

        ReplicaCalculator.Proposal driver = proposals.stream()
                .filter(p -> !p.quiet())
                .max(Comparator.comparingInt(ReplicaCalculator.Proposal::replicas)
                        .thenComparing(p -> -EXPLAIN_ORDER.indexOf(p.kind())))
                .orElseThrow(); // utilization is never quiet
        int raw = driver.replicas();
        // Recorded within the bounds: a window remembers what could be run, not 11,125 pods.
        int recommendation = Math.max(min, Math.min(max, raw));
        boolean overPanic = raw > current && driver.ratio() >= config.panicThreshold();
        History h = remembered.record(new History.Recommendation(now, recommendation), retention);

        Instant lastPanicAt = overPanic ? now : h.lastPanicAt();
        boolean panic = lastPanicAt != null && !now.isAfter(lastPanicAt.plusSeconds(config.panicWindowSeconds()));
        String cause = cause(driver, proposals, current, config, sample);
        int desired;
        Limit limit;
        String clause;
        if (panic) {
            // Knative: in panic, only increases are applied; the rate policies do not slow them down.
            int floor = Math.max(current, h.maxPanicReplicas());
            int wanted = Math.max(raw, floor);
            desired = Math.max(min, Math.min(max, wanted));
            limit = wanted > max
                    ? new Limit(Limit.TOO_MANY, "the desired count (" + wanted + ") is above maxReplicas (" + max + ")")
                    : Limit.within(min, max);
            clause = overPanic
                    ? "panic, ratio " + fmt(driver.ratio()) + " >= " + fmt(config.panicThreshold())
                    : "panic until " + lastPanicAt.plusSeconds(config.panicWindowSeconds()) + ", no scale-down";
            if (recommendation < current && !overPanic) {
                clause = "scale-down to " + recommendation + " held: in panic for "
                        + (config.panicWindowSeconds() - (now.getEpochSecond() - lastPanicAt.getEpochSecond()))
                        + " s more";
            }
            if (limit.limited()) {
                clause = clause + "; " + limitClause(limit, desired);
            }
            h = h.withPanic(lastPanicAt, Math.max(desired, h.maxPanicReplicas()));
        } else {
            Stabilization.Outcome stable = Stabilization.stabilize(current, h.recommendations(), config.behavior(), now);
            RateLimits.Outcome rated = RateLimits.apply(current, stable.replicas(), min, max, config.behavior(),
                    h.scaleEvents(), now);
            desired = rated.replicas();
            limit = rated.limit();
            if (!limit.limited() && raw > max && desired == max) {
                limit = new Limit(Limit.TOO_MANY, "the desired count (" + raw + ") is above maxReplicas (" + max + ")");
            } else if (!limit.limited() && raw < min && desired == min) {
                limit = new Limit(Limit.TOO_FEW, "the desired count (" + raw + ") is below minReplicas (" + min + ")");
            }
            clause = null;
            if (recommendation < current && stable.replicas() > recommendation) {
                int window = config.behavior().scaleDown().stabilizationWindowSeconds();
                clause = stable.replicas() == current
                        ? "scale-down to " + recommendation + " held: " + stable.downLimit()
                                + " recommended within the last " + window + " s"
                        : "down to the highest recommendation of the last " + window + " s";
            } else if (recommendation < current && desired < current) {
                int window = config.behavior().scaleDown().stabilizationWindowSeconds();
                clause = "no higher recommendation for " + window + " s";
            } else if (recommendation > current && stable.replicas() < recommendation) {
                clause = "scale-up to " + recommendation + " held by the scale-up window";
            }
            if (limit.limited()) {
                clause = (clause == null ? "" : clause + "; ") + limitClause(limit, desired);
            }
            h = lastPanicAt == null ? h : h.withPanic(null, 0);
        }
        if (desired != current) {
            h = h.withScaleEvent(new History.ScaleEvent(now, desired - current), now, retention);
        } else {
            h = h.withScaleEvent(null, now, retention);
        }
        String reason = cause + (clause == null ? "" : " (" + clause + ")")
                + (desired != current ? ": " + current + " -> " + desired : "; holding " + current);
        return new Decision(current, desired, recommendation, reason, limit, panic, false, pool, h);
    }

    /** The signal behind the recommendation, in words: `lag p99 74 ms > 30 ms target`. */
    private static String cause(ReplicaCalculator.Proposal driver, List<ReplicaCalculator.Proposal> all,
            int current, AutoscalerConfig config, PoolSample sample) {
        if (driver.replicas() != current) {
            return reading(driver, config);
        }
        // Nothing asks for a change: say what the signals read, load first, then any alarm.
        String readings = all.stream().filter(p -> !p.quiet())
                .sorted(Comparator.comparing(p -> p.kind() == SignalKind.UTILIZATION ? 0 : 1))
                .map(p -> reading(p, config))
                .reduce((a, b) -> a + ", " + b).orElseThrow();
        int answered = sample.answered();
        return answered < sample.pods().size()
                ? readings + " (" + answered + " of " + sample.pods().size() + " pods answered)"
                : readings;
    }

    private static String reading(ReplicaCalculator.Proposal p, AutoscalerConfig config) {
        SignalKind kind = p.kind();
        String target = kind.format(p.target()) + " " + kind.targetWord();
        double raw = p.mean() / p.target();
        if (Math.abs(1.0 - raw) <= config.tolerance()) {
            return kind.label() + " " + kind.format(p.mean()) + " within " + Math.round(100 * config.tolerance())
                    + "% of " + target;
        }
        return kind.label() + " " + kind.format(p.mean()) + (raw > 1.0 ? " > " : " < ") + target;
    }

    private static String limitClause(Limit limit, int desired) {
        return switch (limit.reason()) {
            case Limit.TOO_MANY -> "capped at maxReplicas " + desired;
            case Limit.TOO_FEW -> "raised to minReplicas " + desired;
            case Limit.SCALE_UP_LIMIT -> "scale-up rate limits this step to " + desired;
            case Limit.SCALE_DOWN_LIMIT -> "scale-down rate limits this step to " + desired;
            default -> limit.message();
        };
    }

    /** Remembers since when the pool-wide slowdown has stayed above its maximum; missing signals change nothing. */
    private static History trackSlowdown(AutoscalerConfig config, Decision.PoolSignals pool, History history,
            Instant now) {
        if (pool.workerSlowdown().isEmpty()) {
            return history;
        }
        boolean slow = pool.workerSlowdown().getAsDouble() > config.workerSlowdownMax();
        if (slow && history.slowdownSince() == null) {
            return history.withSlowdownSince(now);
        }
        if (!slow && history.slowdownSince() != null) {
            return history.withSlowdownSince(null);
        }
        return history;
    }

    static Decision.PoolSignals poolSignals(PoolSample sample) {
        List<Signals> answered = sample.pods().stream().filter(PodSample::answered)
                .map(p -> p.signals().orElseThrow()).toList();
        return new Decision.PoolSignals(
                mean(answered, SignalKind.EVENT_LOOP_LAG),
                mean(answered, SignalKind.WORKER_SLOWDOWN),
                mean(answered, SignalKind.UTILIZATION),
                answered.size());
    }

    private static OptionalDouble mean(List<Signals> answered, SignalKind kind) {
        return answered.stream().mapToDouble(kind::read).average();
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
