package dev.isopool.runtime.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which tenant's execution runs next: start-time fair queueing, with CPU time as the cost.
 *
 * <p>Each tenant has a virtual time: the CPU time its executions used while it competed for the
 * workers. The next execution is the oldest of the waiting tenant with the lowest virtual time;
 * ties go to the tenant whose turn is oldest (served, or queued, longest ago), so equal tenants
 * take turns. An execution is charged its tenant's mean CPU cost in the window when it starts
 * (so two workers do not both pick a tenant before its first answer is charged) and corrected to
 * its real CPU time ({@code ExecutionResult.cpuUs}) when it ends.
 *
 * <p>A tenant that starts to wait joins at the pod's virtual time (the start of the latest
 * execution served; when nothing waits, the latest one's end): it banks no credit for the time it
 * was away, and what it used while nobody else waited is not held against it. So a flood waits
 * behind itself: its own executions push its virtual time up, while a light tenant joins at the
 * pod's and goes next. A sliding-window sum of CPU (measured first) did neither: a light tenant's
 * past use counted against it while a new flooder's absence counted for it, and the flooder went
 * first for about a second. A tenant that used more than the others keeps that lead while they
 * catch up, but for at most one window ({@link TenantUsage#WINDOW_SECONDS}) after its last
 * execution: then it is forgotten and joins at the pod's time again.
 *
 * <p>The tenants with executions waiting are kept sorted by (virtual time, turn), so choosing is
 * O(1) and every change O(log n): the map of remembered tenants holds every tenant served in the
 * last window (tens of thousands when each request is a new tenant), and scanning it on every
 * take cost a worker a sixth of its time.
 *
 * <p>Not thread-safe: {@link FairQueue} holds its lock around every call.
 */
final class FairOrder {
    private static final long WINDOW_MILLIS = TenantUsage.WINDOW_SECONDS * 1000L;

    private final TenantUsage usage = new TenantUsage();
    /** Tenants waiting or running, and those idle ones whose lead is still remembered. */
    private final Map<String, Tenant> tenants = new HashMap<>();
    /** The tenants with an execution waiting, next first; a turn is never given twice, so the order is total. */
    private final TreeSet<Tenant> ready = new TreeSet<>((a, b) -> a.virtualUs != b.virtualUs
            ? Long.compare(a.virtualUs, b.virtualUs) : Long.compare(a.turn, b.turn));
    /** The pod's virtual time: never decreases. */
    private long virtualUs;
    private long turns;
    private long prunedSecond = Long.MIN_VALUE;

    private static final class Tenant {
        final ArrayDeque<Job.Execution> waiting = new ArrayDeque<>();
        /** What each running execution was charged when it started, oldest first. */
        final ArrayDeque<Long> estimates = new ArrayDeque<>();
        long virtualUs;
        long turn;
        long lastActiveMillis;

        boolean idle() {
            return waiting.isEmpty() && estimates.isEmpty();
        }
    }

    /** Executions waiting for {@code key}. */
    int waiting(String key) {
        Tenant t = tenants.get(key);
        return t == null ? 0 : t.waiting.size();
    }

    /** Queues {@code job} for {@code key}; a tenant that was idle joins at the pod's virtual time. */
    void add(String key, Job.Execution job, long nowMillis) {
        Tenant t = tenants.computeIfAbsent(key, k -> new Tenant());
        if (t.idle()) {
            t.virtualUs = Math.max(t.virtualUs, virtualUs);
            t.turn = ++turns;
        }
        t.lastActiveMillis = nowMillis;
        if (t.waiting.isEmpty()) {
            ready.add(t);
        }
        t.waiting.add(job);
    }

    /** The execution {@link #next} would start, or null when none waits. */
    Job.Execution peek() {
        Tenant t = choose();
        return t == null ? null : t.waiting.peek();
    }

    /** Starts the next execution: removes it and charges its tenant an estimate; null when none waits. */
    Job.Execution next(long nowMillis) {
        Tenant t = choose();
        if (t == null) {
            return null;
        }
        ready.remove(t); // before its virtual time and turn change
        Job.Execution job = t.waiting.poll();
        virtualUs = Math.max(virtualUs, t.virtualUs);
        // A tenant with no history yet is charged 1 us: more than nothing, so a second worker turns elsewhere.
        long estimate = Math.max(1, usage.meanUs(FairQueue.tenantKey(job.request().tenant()), nowMillis));
        t.estimates.add(estimate);
        t.virtualUs += estimate;
        t.turn = ++turns;
        t.lastActiveMillis = nowMillis;
        if (!t.waiting.isEmpty()) {
            ready.add(t);
        }
        return job;
    }

    /**
     * An execution of {@code key} ended after {@code cpuUs}: its estimate becomes its real cost. When
     * nothing waits at all, the pod's virtual time moves to the end of it, so that what a tenant used
     * alone is not held against it later.
     */
    void finished(String key, long cpuUs, long nowMillis, boolean anythingWaits) {
        usage.charge(key, cpuUs, nowMillis);
        Tenant t = tenants.get(key);
        if (t != null) {
            Long estimate = t.estimates.poll();
            boolean waits = ready.remove(t);
            t.virtualUs += Math.max(0, cpuUs) - (estimate == null ? 0 : estimate);
            if (waits) {
                ready.add(t);
            }
            t.lastActiveMillis = nowMillis;
            if (!anythingWaits) {
                virtualUs = Math.max(virtualUs, t.virtualUs);
            }
        }
        long second = Math.floorDiv(nowMillis, 1000);
        if (second != prunedSecond) {
            prunedSecond = second;
            prune(nowMillis);
        }
    }

    /** Removes every waiting execution (shutdown); running ones still end through {@link #finished}. */
    List<Job.Execution> drain() {
        List<Job.Execution> left = new ArrayList<>();
        for (Tenant t : tenants.values()) {
            left.addAll(t.waiting);
            t.waiting.clear();
        }
        ready.clear();
        return left;
    }

    /** How far {@code key}'s virtual time is ahead of the pod's, in CPU microseconds (0: level or unknown). */
    long leadUs(String key) {
        Tenant t = tenants.get(key);
        return t == null ? 0 : Math.max(0, t.virtualUs - virtualUs);
    }

    /** CPU microseconds {@code key} used in the window (the estimates' source, and what the metrics rank). */
    long usedUs(String key, long nowMillis) {
        return usage.usedUs(key, nowMillis);
    }

    /** Tenants remembered: waiting, running, or idle with a lead. */
    int remembered() {
        return tenants.size();
    }

    /** The waiting tenant with the lowest virtual time, the oldest turn among equals; null when none waits. */
    private Tenant choose() {
        return ready.isEmpty() ? null : ready.first();
    }

    /** Forgets idle tenants that have no lead, or none used for a window. */
    private void prune(long nowMillis) {
        usage.prune(nowMillis);
        for (Iterator<Tenant> it = tenants.values().iterator(); it.hasNext(); ) {
            Tenant t = it.next();
            if (t.idle() && (t.virtualUs <= virtualUs || nowMillis - t.lastActiveMillis > WINDOW_MILLIS)) {
                it.remove();
            }
        }
    }
}
