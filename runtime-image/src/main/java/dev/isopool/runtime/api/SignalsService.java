package dev.isopool.runtime.api;

import dev.isopool.runtime.engine.SandboxEngine;
import dev.isopool.runtime.signals.PodSignals;
import dev.isopool.runtime.signals.Signals;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The pod's current signals. A snapshot merges a few histograms; scrapes of {@code /v1/signals}
 * and of the Prometheus gauges within {@link #MAX_AGE_MILLIS} share one.
 */
@Singleton
public class SignalsService {
    static final long MAX_AGE_MILLIS = 250;

    @Inject
    SandboxEngine engine;
    @Inject
    PodSignals signals;

    private Signals cached;
    private long cachedAt;

    public synchronized Signals current() {
        long now = System.currentTimeMillis();
        if (cached == null || now - cachedAt >= MAX_AGE_MILLIS || now < cachedAt) {
            cached = signals.snapshot(engine.load(), engine.settings().engine(), engine.flags().flags());
            cachedAt = now;
        }
        return cached;
    }
}
