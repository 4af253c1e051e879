package dev.isopool.runtime.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The CPU time each tenant's executions took over a sliding window of one-second buckets, and how
 * many executions that was: the fair queue's estimate of an execution's cost ({@link FairOrder})
 * and the ranking of the per-tenant metrics. A tenant whose buckets all left the window is forgotten ({@link #prune}), so the map
 * holds only the tenants that ran something in the last window. Not thread-safe; the owner
 * synchronizes. Tenants are any non-null strings ({@link FairQueue} uses "" for requests without one).
 */
public final class TenantUsage {
    /** The same length as the pod's signals window (PodSignals.WINDOW_SECONDS). */
    static final int WINDOW_SECONDS = 10;

    private final int windowSeconds;
    private final Map<String, Buckets> tenants = new HashMap<>();

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
        tenants.computeIfAbsent(tenant, t -> new Buckets(windowSeconds)).add(Math.max(0, cpuUs), nowMillis);
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
        List<Map.Entry<String, Long>> used = new ArrayList<>();
        for (Map.Entry<String, Buckets> e : tenants.entrySet()) {
            long us = e.getValue().sum(nowMillis, true);
            if (us > 0) {
                used.add(Map.entry(e.getKey(), us));
            }
        }
        used.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return used.stream().limit(n).map(Map.Entry::getKey).toList();
    }

    /** Forgets the tenants that used nothing in the window ending at {@code nowMillis}. */
    public void prune(long nowMillis) {
        for (Iterator<Buckets> it = tenants.values().iterator(); it.hasNext(); ) {
            if (it.next().empty(nowMillis)) {
                it.remove();
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

        boolean empty(long nowMillis) {
            long s = Math.floorDiv(nowMillis, 1000);
            for (int i = 0; i < second.length; i++) {
                if (inWindow(i, s) && count[i] > 0) {
                    return false;
                }
            }
            return true;
        }

        private boolean inWindow(int i, long nowSecond) {
            return second[i] != Long.MIN_VALUE && second[i] > nowSecond - second.length && second[i] <= nowSecond;
        }
    }
}
