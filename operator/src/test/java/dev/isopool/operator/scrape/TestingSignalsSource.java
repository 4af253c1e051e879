package dev.isopool.operator.scrape;

import dev.isopool.autoscaler.PodReading;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A signals source for tests (as Flink's TestingMetricsCollector): every ready target answers with the reading
 * the test set; each scrape stays in flight until the test {@link #finish finishes} it.
 */
final class TestingSignalsSource implements SignalsSource {

    private final Clock clock;
    private final List<CompletableFuture<ScrapeResult>> inFlight = new ArrayList<>();
    private final List<List<ScrapeTarget>> asked = new ArrayList<>();
    private volatile PodReading reading = new PodReading(5, 1.0, 0.7);

    TestingSignalsSource(Clock clock) {
        this.clock = clock;
    }

    void set(PodReading next) {
        reading = next;
    }

    @Override
    public synchronized CompletableFuture<ScrapeResult> scrape(List<ScrapeTarget> targets) {
        CompletableFuture<ScrapeResult> scrape = new CompletableFuture<>();
        asked.add(List.copyOf(targets));
        inFlight.add(scrape);
        return scrape;
    }

    /** Completes the oldest scrape in flight with the current reading, at the clock's time. */
    synchronized void finish() {
        CompletableFuture<ScrapeResult> scrape = inFlight.remove(0);
        List<ScrapeTarget> targets = asked.get(asked.size() - inFlight.size() - 1);
        scrape.complete(new ScrapeResult(clock.instant(), targets.stream()
                .map(t -> t.ready() ? ScrapeResult.PodResult.answered(t.pod(), reading)
                        : ScrapeResult.PodResult.notReady(t.pod()))
                .toList()));
    }

    synchronized int scrapes() {
        return asked.size();
    }

    synchronized int inFlight() {
        return inFlight.size();
    }
}
