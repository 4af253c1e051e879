package dev.isopool.autoscaler;

import java.util.Optional;

/**
 * What one pod of the pool said at a scrape. A ready pod with no signals did not answer in time (or answered
 * garbage): its signals are missing, which is never the same as idle. A pod that is not ready is not scraped.
 */
public record PodSample(boolean ready, Optional<Signals> signals) {

    public static PodSample of(Signals signals) {
        return new PodSample(true, Optional.of(signals));
    }

    public static PodSample of(double lagP99Ms, double slowdown, double utilization) {
        return of(new Signals(lagP99Ms, slowdown, utilization));
    }

    public static PodSample missing() {
        return new PodSample(true, Optional.empty());
    }

    public static PodSample notReady() {
        return new PodSample(false, Optional.empty());
    }

    public boolean answered() {
        return ready && signals.isPresent();
    }
}
