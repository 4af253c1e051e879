package dev.isopool.operator.scrape;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a pool's readings come from: {@link SignalsScraper} asks each pod over HTTP; tests hand in a fake. The
 * future never fails: a pod that cannot be read is a {@link ScrapeResult.PodResult#missing missing} result.
 */
@FunctionalInterface
public interface SignalsSource {

    CompletableFuture<ScrapeResult> scrape(List<ScrapeTarget> targets);
}
