package dev.isopool.autoscaler;

import java.util.Optional;

/**
 * What one pod of the pool said at a scrape. A ready pod with no reading did not answer in time (or answered
 * garbage): its signals are missing, which is never the same as idle. A pod that is not ready is not scraped.
 */
public record PodSample(boolean ready, Optional<PodReading> reading) {

    public static PodSample of(PodReading reading) {
        return new PodSample(true, Optional.of(reading));
    }

    public static PodSample of(double lagP99Ms, double slowdown, double utilization) {
        return of(new PodReading(lagP99Ms, slowdown, utilization));
    }

    public static PodSample missing() {
        return new PodSample(true, Optional.empty());
    }

    public static PodSample notReady() {
        return new PodSample(false, Optional.empty());
    }

    public boolean answered() {
        return ready && reading.isPresent();
    }
}
