package dev.isopool.autoscaler;

import dev.isopool.autoscaler.Decision.Basis;
import dev.isopool.autoscaler.Decision.Hold;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The autoscaler's decision, pure: one scrape, the remembered history and the time in; a {@link Decision} out.
 *
 * <ol>
 *   <li>Bounds first: a pool outside `[min, max]` (the user just changed them) is brought inside.</li>
 *   <li>Each signal proposes a count with the HPA's calculation ({@link ReplicaCalculator}): utilization (as the
 *       demand, refused requests counted) always, lag and slowdown once they have stayed above their target for
 *       {@link AutoscalerConfig#alarmHoldSeconds()}. The recommendation is the largest proposal, which equals
 *       `ceil(current x r)` for the largest ratio `r`. No pod answered: hold, record nothing (the HPA's rule:
 *       never scale down on missing data).</li>
 *   <li>Panic (Knative): a ratio at or above 2 scales up to the recommendation at once, past the scale-up rate
 *       policies; for 60 s after the last such tick the count never falls.</li>
 *   <li>Otherwise the HPA's behavior: stabilization windows (scale-down waits until no higher recommendation is left
 *       in its window), then rate policies, then the bounds.</li>
 * </ol>
 */
public final class AutoscalerPolicy {

    /** Between proposals asking for the same count, the one named first explains the decision. */
    private static final List<SignalKind> EXPLAIN_ORDER =
            List.of(SignalKind.EVENT_LOOP_LAG, SignalKind.WORKER_SLOWDOWN, SignalKind.UTILIZATION);

    private AutoscalerPolicy() {
    }

    /** How the count moves from the recommendation to the desired count, and what to remember of it. */
    private record Step(int desired, Hold hold, int windowReplicas, Limit limit, Optional<Instant> panicUntil,
            History history) {
    }

    public static Decision decide(AutoscalerConfig config, PoolSample sample, History history, Instant now) {
        int current = sample.currentReplicas();
        PoolReading pool = PoolReading.of(sample);
        History remembered = trackAlarms(config, pool, history, now);
        long retention = config.behavior().retentionSeconds();

        LimitedCount inBounds = Bounds.clamp(current, config.minReplicas(), config.maxReplicas());
        if (inBounds.limit().limited()) {
            int bounded = inBounds.replicas();
            return new Decision(now, sample, Basis.OUT_OF_BOUNDS, bounded, bounded, Optional.empty(), List.of(),
                    Hold.NONE, 0, inBounds.limit(), Optional.empty(), pool,
                    remembered.withScaleEvent(new History.ScaleEvent(now, bounded - current), now, retention));
        }

        List<Proposal> proposals = Stream.of(SignalKind.values())
                .map(kind -> ReplicaCalculator.propose(kind, kind.target(config), sample, config.tolerance()))
                .flatMap(Optional::stream)
                .map(p -> held(p, remembered, config, current, now))
                .toList();
        if (proposals.isEmpty()) {
            Optional<Instant> panicUntil = panicUntil(remembered.lastPanicAt(), config, now);
            return new Decision(now, sample, Basis.NO_SIGNALS, current, current, Optional.empty(), List.of(),
                    Hold.NONE, 0, Limit.within(current), panicUntil, pool, remembered);
        }

        Proposal driver = proposals.stream()
                .filter(p -> !p.quiet())
                .max(Comparator.comparingInt(Proposal::replicas)
                        .thenComparing(p -> -EXPLAIN_ORDER.indexOf(p.kind())))
                .orElseThrow(); // utilization is never quiet
        // Recorded within the bounds: a window remembers what could be run, not 11,125 pods.
        LimitedCount recommended = Bounds.clamp(driver.replicas(), config.minReplicas(), config.maxReplicas());
        History h = remembered.record(new History.Recommendation(now, recommended.replicas()), retention);
        boolean overPanic = driver.replicas() > current && driver.ratio() >= config.panicThreshold();
        Instant lastPanicAt = overPanic ? now : h.lastPanicAt();
        Optional<Instant> panicUntil = panicUntil(lastPanicAt, config, now);

        Step step = panicUntil.isPresent()
                ? inPanic(config, current, driver, recommended, overPanic, lastPanicAt, panicUntil, h)
                : behaving(config, current, recommended, h, now);
        History next = step.history().withScaleEvent(
                step.desired() != current ? new History.ScaleEvent(now, step.desired() - current) : null,
                now, retention);
        return new Decision(now, sample, Basis.SIGNALS, step.desired(), recommended.replicas(), Optional.of(driver),
                proposals, step.hold(), step.windowReplicas(), step.limit(), step.panicUntil(), pool, next);
    }

    /** Knative's panic mode: only increases apply, at once; the rate policies do not slow them down. */
    private static Step inPanic(AutoscalerConfig config, int current, Proposal driver, LimitedCount recommended,
            boolean overPanic, Instant lastPanicAt, Optional<Instant> panicUntil, History h) {
        int floor = Math.max(current, h.maxPanicReplicas());
        LimitedCount desired = Bounds.clamp(Math.max(driver.replicas(), floor), config.minReplicas(),
                config.maxReplicas());
        Hold hold = overPanic ? Hold.PANIC_UP
                : recommended.replicas() < current ? Hold.PANIC_DOWN_HELD
                : Hold.PANIC_NO_DOWN;
        return new Step(desired.replicas(), hold, 0, desired.limit(), panicUntil,
                h.withPanic(lastPanicAt, Math.max(desired.replicas(), h.maxPanicReplicas())));
    }

    /** The HPA's behavior: stabilization windows, then the rate policies, then the bounds. */
    private static Step behaving(AutoscalerConfig config, int current, LimitedCount recommended, History h,
            Instant now) {
        int recommendation = recommended.replicas();
        Stabilization.Outcome stable = Stabilization.stabilize(current, h.recommendations(), config.behavior(), now);
        LimitedCount rated = RateLimits.apply(current, stable.replicas(), config.minReplicas(), config.maxReplicas(),
                config.behavior(), h.scaleEvents(), now);
        // The signals asked for more (or fewer) than the bounds allow, and nothing else held the count.
        Limit limit = !rated.limit().limited() && recommended.limit().limited()
                && rated.replicas() == recommendation ? recommended.limit() : rated.limit();
        Hold hold = Hold.NONE;
        if (recommendation < current && stable.replicas() > recommendation) {
            hold = stable.replicas() == current ? Hold.DOWN_HELD_BY_WINDOW : Hold.DOWN_TO_WINDOW_MAX;
        } else if (recommendation < current && rated.replicas() < current) {
            hold = Hold.DOWN_AFTER_WINDOW;
        } else if (recommendation > current && stable.replicas() < recommendation) {
            hold = Hold.UP_HELD_BY_WINDOW;
        }
        return new Step(rated.replicas(), hold, stable.downLimit(), limit, Optional.empty(),
                h.lastPanicAt() == null ? h : h.withPanic(null, 0));
    }

    private static Optional<Instant> panicUntil(Instant lastPanicAt, AutoscalerConfig config, Instant now) {
        if (lastPanicAt == null) {
            return Optional.empty();
        }
        Instant until = lastPanicAt.plusSeconds(config.panicWindowSeconds());
        return now.isAfter(until) ? Optional.empty() : Optional.of(until);
    }

    /**
     * An alarm above its target asks for pods only once it has stayed there for {@link
     * AutoscalerConfig#alarmHoldSeconds()}; until then it is quiet, as below its target.
     */
    private static Proposal held(Proposal p, History history, AutoscalerConfig config, int current, Instant now) {
        if (!p.kind().alarm() || p.quiet()) {
            return p;
        }
        Instant since = history.alarmSince(p.kind());
        boolean held = since != null && !now.isBefore(since.plusSeconds(config.alarmHoldSeconds()));
        return held ? p : new Proposal(p.kind(), current, p.ratio(), p.mean(), p.target(), true);
    }

    /**
     * Remembers since when the pool-wide lag and slowdown have stayed above their targets; missing signals change
     * nothing.
     */
    private static History trackAlarms(AutoscalerConfig config, PoolReading pool, History history, Instant now) {
        History h = history;
        if (pool.workerSlowdown().isPresent()) {
            h = h.withSlowdownSince(since(h.slowdownSince(),
                    pool.workerSlowdown().getAsDouble() > config.workerSlowdownMax(), now));
        }
        if (pool.eventLoopLagP99Ms().isPresent()) {
            h = h.withLagAboveSince(since(h.lagAboveSince(),
                    pool.eventLoopLagP99Ms().getAsDouble() > config.eventLoopLagP99TargetMs(), now));
        }
        return h;
    }

    private static Instant since(Instant since, boolean above, Instant now) {
        if (!above) {
            return null;
        }
        return since == null ? now : since;
    }
}
