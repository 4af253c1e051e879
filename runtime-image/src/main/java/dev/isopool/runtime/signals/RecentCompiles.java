package dev.isopool.runtime.signals;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The most recent WebAssembly compiles (at most {@code capacity}, none older than
 * {@code maxAgeMillis}). Compiles are rare next to executions, so a ten-second window would
 * forget a slow one before anyone saw it; this keeps them for minutes instead. Thread-safe.
 */
final class RecentCompiles {
    private record Compile(long atMillis, long nanos) {
    }

    private final int capacity;
    private final long maxAgeMillis;
    private final Deque<Compile> compiles = new ArrayDeque<>();

    RecentCompiles(int capacity, long maxAgeMillis) {
        this.capacity = capacity;
        this.maxAgeMillis = maxAgeMillis;
    }

    synchronized void record(long nanos, long nowMillis) {
        compiles.addLast(new Compile(nowMillis, nanos));
        while (compiles.size() > capacity) {
            compiles.removeFirst();
        }
    }

    synchronized CompileStats stats(long nowMillis) {
        while (!compiles.isEmpty() && compiles.peekFirst().atMillis() < nowMillis - maxAgeMillis) {
            compiles.removeFirst();
        }
        if (compiles.isEmpty()) {
            return CompileStats.NONE;
        }
        double[] ms = compiles.stream().mapToDouble(c -> c.nanos() / 1e6).sorted().toArray();
        double mean = Arrays.stream(ms).average().orElse(0);
        int p99 = (int) Math.ceil(0.99 * ms.length) - 1;
        return new CompileStats(ms.length, mean, ms[0], ms[ms.length - 1], ms[Math.max(0, p99)]);
    }
}
