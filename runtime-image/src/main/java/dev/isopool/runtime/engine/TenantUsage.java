package dev.isopool.runtime.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The CPU time each tenant's executions took over a sliding window of one-second buckets, and how
 * many executions that was: the fair queue's estimate of an execution's cost ({@link FairOrder})
 * and the ranking of the per-tenant metrics. A tenant whose buckets all left the window is forgotten ({@link #prune}), so the map
 * holds only the tenants that ran something in the last window. Pruning and ranking stay cheap
 * when every request is a new tenant (tens of thousands in a window): pruning pops only the tenants
 * whose last second left the window, and ranking keeps just the top {@code n}. Not thread-safe; the
 * owner synchronizes. Tenants are any non-null strings ({@link FairQueue} uses "" for requests without one).
 */
public final class TenantUsage {
    /** The same length as the pod's signals window (PodSignals.WINDOW_SECONDS). */
    static final int WINDOW_SECONDS = 10;

    /** Busiest first: more CPU, then the name. */
    private static final Comparator<Map.Entry<String, Long>> BUSIEST = Map.Entry.<String, Long>comparingByValue(
            Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey());

    private final int windowSeconds;
    private final Map<String, Buckets> tenants = new HashMap<>();
    /** A tenant and a second it ran in, oldest first, once per tenant and second: what {@link #prune} walks. */
    private final ArrayDeque<Ran> ran = new ArrayDeque<>();

    private record Ran(String tenant, long second) {
    }

    public TenantUsage() {
        this(WINDOW_SECONDS);
    }

    public TenantUsage(int windowSeconds) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("the window must be at least one second, was " + windowSeconds);
        }
        this.windowSeconds = windowSeconds;
    }

    /** One execution of {@code tenant} took {@code cpuUs} of CPU, ending at {@code nowMillis}. */
    public void charge(String tenant, long cpuUs, long nowMillis) {
        Buckets b = tenants.computeIfAbsent(tenant, t -> new Buckets(windowSeconds));
        long second = Math.floorDiv(nowMillis, 1000);
        if (b.lastSecond != second) {
            b.lastSecond = second;
            ran.add(new Ran(tenant, second));
        }
        b.add(Math.max(0, cpuUs), nowMillis);
    }

    /** CPU microseconds {@code tenant} used in the window ending at {@code nowMillis}. */
    public long usedUs(String tenant, long nowMillis) {
        Buckets b = tenants.get(tenant);
        return b == null ? 0 : b.sum(nowMillis, true);
    }

    /** Mean CPU microseconds of one of {@code tenant}'s executions in the window; 0 when it ran none. */
    public long meanUs(String tenant, long nowMillis) {
        Buckets b = tenants.get(tenant);
        if (b == null) {
            return 0;
        }
        long count = b.sum(nowMillis, false);
        return count == 0 ? 0 : b.sum(nowMillis, true) / count;
    }

    /** The {@code n} tenants that used the most CPU in the window, busiest first (ties by name). */
    public List<String> busiest(int n, long nowMillis) {
        if (n <= 0) {
            return List.of();
        }
        // The least busy of the top n at the head, to be pushed out by a busier one.
        PriorityQueue<Map.Entry<String, Long>> top = new PriorityQueue<>(n + 1, BUSIEST.reversed());
        for (Map.Entry<String, Buckets> e : tenants.entrySet()) {
            long us = e.getValue().sum(nowMillis, true);
            if (us <= 0) {
                continue;
            }
            Map.Entry<String, Long> candidate = Map.entry(e.getKey(), us);
            if (top.size() < n) {
                top.add(candidate);
            } else if (BUSIEST.compare(candidate, top.peek()) < 0) {
                top.poll();
                top.add(candidate);
            }
        }
        List<Map.Entry<String, Long>> used = new ArrayList<>(top);
        used.sort(BUSIEST);
        return used.stream().map(Map.Entry::getKey).toList();
    }

    /** Forgets the tenants that used nothing in the window ending at {@code nowMillis}. */
    public void prune(long nowMillis) {
        long oldestInWindow = Math.floorDiv(nowMillis, 1000) - windowSeconds + 1;
        while (!ran.isEmpty() && ran.peek().second() < oldestInWindow) {
            Ran r = ran.poll();
            Buckets b = tenants.get(r.tenant());
            if (b != null && b.lastSecond == r.second()) { // it ran in no later second
                tenants.remove(r.tenant());
            }
        }
    }

    /** Tenants remembered (those with an execution in the window, until the next prune). */
    public int size() {
        return tenants.size();
    }

    /** One tenant's buckets: per second, the CPU it used and the executions that used it. */
    private static final class Buckets {
        private final long[] second;
        private final long[] cpuUs;
        private final long[] count;
        /** The latest second this tenant was charged in. */
        long lastSecond = Long.MIN_VALUE;

        Buckets(int windowSeconds) {
            second = new long[windowSeconds];
            cpuUs = new long[windowSeconds];
            count = new long[windowSeconds];
            java.util.Arrays.fill(second, Long.MIN_VALUE);
        }

        void add(long us, long nowMillis) {
            long s = Math.floorDiv(nowMillis, 1000);
            int i = (int) Math.floorMod(s, (long) second.length);
            if (second[i] != s) {
                second[i] = s;
                cpuUs[i] = 0;
                count[i] = 0;
            }
            cpuUs[i] += us;
            count[i]++;
        }

        long sum(long nowMillis, boolean cpu) {
            long s = Math.floorDiv(nowMillis, 1000);
            long total = 0;
            for (int i = 0; i < second.length; i++) {
                if (inWindow(i, s)) {
                    total += cpu ? cpuUs[i] : count[i];
                }
            }
            return total;
        }

        private boolean inWindow(int i, long nowSecond) {
            return second[i] != Long.MIN_VALUE && second[i] > nowSecond - second.length && second[i] <= nowSecond;
        }
    }
}
