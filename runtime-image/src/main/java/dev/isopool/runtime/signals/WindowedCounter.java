package dev.isopool.runtime.signals;

/** A sum over a sliding window of one-second buckets; thread-safe. */
final class WindowedCounter {
    private final SlidingBuckets<long[]> buckets;

    WindowedCounter(int windowSeconds) {
        this.buckets = new SlidingBuckets<>(windowSeconds, () -> new long[1], b -> b[0] = 0);
    }

    synchronized void add(long amount, long nowMillis) {
        buckets.current(nowMillis)[0] += amount;
    }

    synchronized long sum(long nowMillis) {
        long[] total = new long[1];
        buckets.forEachInWindow(nowMillis, b -> total[0] += b[0]);
        return total[0];
    }
}
