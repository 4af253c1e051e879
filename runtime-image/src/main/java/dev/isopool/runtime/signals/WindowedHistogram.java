package dev.isopool.runtime.signals;

import org.HdrHistogram.Histogram;

/** An HdrHistogram over a sliding window of one-second buckets; thread-safe. */
final class WindowedHistogram {
    private final long highest;
    private final int digits;
    private final SlidingBuckets<Histogram> buckets;

    /**
     * @param highest values above it are recorded as it (a lag longer than a minute is a minute)
     */
    WindowedHistogram(int windowSeconds, long highest, int significantDigits) {
        this.highest = highest;
        this.digits = significantDigits;
        this.buckets = new SlidingBuckets<>(windowSeconds, () -> new Histogram(highest, significantDigits),
                Histogram::reset);
    }

    synchronized void record(long value, long nowMillis) {
        buckets.current(nowMillis).recordValue(Math.max(0, Math.min(value, highest)));
    }

    /** The values recorded inside the window ending at {@code nowMillis}, merged into one histogram. */
    synchronized Histogram window(long nowMillis) {
        Histogram merged = new Histogram(highest, digits);
        buckets.forEachInWindow(nowMillis, merged::add);
        return merged;
    }
}
