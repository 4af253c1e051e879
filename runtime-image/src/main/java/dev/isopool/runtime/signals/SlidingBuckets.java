package dev.isopool.runtime.signals;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A sliding window of one-second buckets: the bucket of the current second plus the ones before
 * it, up to the window's length. A bucket older than the window is reset before it is reused.
 * Not thread-safe; callers synchronize.
 *
 * @param <B> the bucket's type (a histogram, a counter)
 */
final class SlidingBuckets<B> {
    private final Object[] buckets;
    private final long[] seconds;
    private final Consumer<B> reset;

    SlidingBuckets(int windowSeconds, Supplier<B> create, Consumer<B> reset) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("the window must be at least one second, was " + windowSeconds);
        }
        this.buckets = new Object[windowSeconds];
        this.seconds = new long[windowSeconds];
        this.reset = reset;
        for (int i = 0; i < windowSeconds; i++) {
            buckets[i] = create.get();
            seconds[i] = Long.MIN_VALUE;
        }
    }

    /** The bucket of the second {@code nowMillis} falls in, emptied first if it held an older second. */
    @SuppressWarnings("unchecked")
    B current(long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        int i = (int) Math.floorMod(second, (long) buckets.length);
        if (seconds[i] != second) {
            reset.accept((B) buckets[i]);
            seconds[i] = second;
        }
        return (B) buckets[i];
    }

    /** Visits the buckets inside the window that ends at {@code nowMillis}. */
    @SuppressWarnings("unchecked")
    void forEachInWindow(long nowMillis, Consumer<B> visitor) {
        long second = Math.floorDiv(nowMillis, 1000);
        for (int i = 0; i < buckets.length; i++) {
            if (seconds[i] != Long.MIN_VALUE && seconds[i] > second - buckets.length && seconds[i] <= second) {
                visitor.accept((B) buckets[i]);
            }
        }
    }

    int windowSeconds() {
        return buckets.length;
    }
}
