package dev.isopool.operator.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isopool.autoscaler.PodReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Scrapes run off the reconciler: one in flight per pool, one per interval, each result handed out once. */
class SignalsCollectorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final TestingClock clock = new TestingClock(T0);
    private final TestingSignalsSource source = new TestingSignalsSource(clock);
    private final SignalsCollector collector = new SignalsCollector(source, clock);
    private final AtomicInteger done = new AtomicInteger();
    private final List<Instant> targetTimes = new ArrayList<>();

    private final Function<Instant, List<ScrapeTarget>> targets = now -> {
        targetTimes.add(now);
        return List.of(new ScrapeTarget("pod-0", true, Optional.of("http://127.0.0.1:1/v1/signals")),
                new ScrapeTarget("pod-1", false, Optional.empty()));
    };

    private SignalsCollector.Poll poll(String pool) {
        return collector.poll(pool, INTERVAL, targets, done::incrementAndGet);
    }

    @Test
    void aFinishedScrapeIsHandedOutOnceAndWakesThePool() {
        SignalsCollector.Poll first = poll("ns/a");
        assertTrue(first.result().isEmpty(), "the first poll starts a scrape; nothing is ready yet");
        assertEquals(INTERVAL, first.nextScrapeIn());
        assertEquals(List.of(T0), targetTimes, "targets are judged at the collector's clock");

        source.set(new PodReading(74, 1.2, 0.9));
        clock.advance(Duration.ofMillis(300));
        source.finish();
        assertEquals(1, done.get(), "a finished scrape asks for a pass");

        SignalsCollector.Poll second = poll("ns/a");
        ScrapeResult result = second.result().orElseThrow();
        assertEquals(T0.plusMillis(300), result.observedAt());
        assertEquals(Optional.of(new PodReading(74, 1.2, 0.9)), result.pods().get(0).reading());
        assertEquals(false, result.pods().get(1).ready());
        assertEquals(Duration.ofMillis(4700), second.nextScrapeIn());
        assertTrue(poll("ns/a").result().isEmpty(), "each result is handed out once");
        assertEquals(1, source.scrapes(), "no new scrape before the interval has passed");
    }

    @Test
    void aSlowScrapeIsNotStartedTwice() {
        poll("ns/a");
        clock.advance(Duration.ofSeconds(12));
        SignalsCollector.Poll late = poll("ns/a");
        assertTrue(late.result().isEmpty());
        assertEquals(1, source.scrapes(), "the first scrape is still in flight: no second one");
        source.finish();
        poll("ns/a");
        assertEquals(2, source.scrapes(), "due and idle: the next one starts");
    }

    @Test
    void poolsAreScrapedApartAndForgotten() {
        poll("ns/a");
        poll("ns/b");
        assertEquals(2, source.scrapes());
        collector.forget("ns/a");
        poll("ns/a");
        assertEquals(3, source.scrapes(), "a forgotten pool starts afresh");
    }

    @Test
    void aPoolNotPolledForLongIsSweptAway() {
        poll("ns/a");
        source.finish();
        clock.advance(SignalsCollector.FORGET_AFTER.plusSeconds(1));
        poll("ns/b");
        SignalsCollector.Poll again = poll("ns/a");
        assertTrue(again.result().isEmpty(), "the stale result went with the pool's state");
    }
}
