package dev.isopool.operator.scrape;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps each pool's scrapes off the reconciler's thread. The reconciler {@link #poll polls} on every pass: it gets
 * back the scrape that finished since the last poll, if any (each result is handed out once), and a new scrape
 * starts when the pool's interval has passed since the previous one began and none is in flight. When a scrape
 * finishes, `onDone` is called, so that the pool is reconciled and decides at once.
 */
public class SignalsCollector {

    /** State kept per pool; forgotten after a while without polls (the pool is gone or autoscaling is off). */
    private static final class PoolState {
        CompletableFuture<ScrapeResult> inFlight;
        Instant startedAt;
        ScrapeResult ready;
        Instant lastPolled;
    }

    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private final SignalsSource source;
    private final Clock clock;
    private final Map<String, PoolState> pools = new ConcurrentHashMap<>();

    public SignalsCollector(SignalsSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** What a poll returns: a finished scrape to decide on, and when the next one is due. */
    public record Poll(Optional<ScrapeResult> result, Duration nextScrapeIn) {
    }

    /**
     * @param targets the pool's pods as targets at the given instant (the scrape's, so that readiness delays are
     *     judged on the same clock)
     */
    public Poll poll(String pool, Duration interval, Function<Instant, List<ScrapeTarget>> targets,
            Runnable onDone) {
        Instant now = clock.instant();
        sweep(now);
        PoolState state = pools.computeIfAbsent(pool, k -> new PoolState());
        synchronized (state) {
            state.lastPolled = now;
            Optional<ScrapeResult> result = Optional.ofNullable(state.ready);
            state.ready = null;
            boolean busy = state.inFlight != null && !state.inFlight.isDone();
            boolean due = state.startedAt == null || !now.isBefore(state.startedAt.plus(interval));
            if (!busy && due) {
                state.startedAt = now;
                CompletableFuture<ScrapeResult> scrape = source.scrape(targets.apply(now));
                state.inFlight = scrape;
                scrape.thenAccept(done -> {
                    synchronized (state) {
                        state.ready = done;
                    }
                    onDone.run();
                });
            }
            Duration next = Duration.between(now, state.startedAt.plus(interval));
            return new Poll(result, next.isNegative() || next.isZero() ? interval : next);
        }
    }

    /** Drops a pool's state (autoscaling turned off). */
    public void forget(String pool) {
        pools.remove(pool);
    }

    private void sweep(Instant now) {
        pools.entrySet().removeIf(e -> e.getValue().lastPolled != null
                && e.getValue().lastPolled.plus(FORGET_AFTER).isBefore(now));
    }
}
