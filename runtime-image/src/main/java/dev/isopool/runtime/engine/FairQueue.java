package dev.isopool.runtime.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The engine's queue: what waits for a worker, and in which order workers get it.
 *
 * <p><b>Executions</b> wait per tenant, first come first served within a tenant; requests without
 * a tenant share one queue. The next execution is the oldest of the tenant with the lowest CPU
 * time in the window ({@link TenantUsage}, ten seconds), counting each of its executions still
 * running at its mean cost so that two workers do not both pick a tenant before its first answer
 * is charged; ties go to the tenant served (or first queued) longest ago, so tenants with equal
 * usage take turns.
 * A tenant that floods the pod thus waits behind its own backlog, while a tenant that used less
 * goes first. A tenant passed over is passed over at most until its usage leaves the window: with
 * nothing of its own running, its weight then falls to zero, below every tenant that was served.
 *
 * <p><b>Admission.</b> At most {@code capacity} executions wait in the pod ({@code
 * ISOPOOL_QUEUE_CAPACITY}) and at most {@code perTenant} for one tenant ({@code
 * ISOPOOL_MAX_QUEUED_PER_TENANT}); beyond either, {@link #admit} refuses with the scope that was
 * full. A full pod is reported as the pod's, even to a tenant at its own limit: then no tenant is
 * admitted, and a tenant's refusal says that others still are.
 *
 * <p><b>Lag probes and canary runs</b> ("system jobs") wait in one FIFO of their own, of at most
 * {@code systemCapacity} (one probe per worker and the canary's runs), and keep a place in line:
 * a system job that arrives while N executions wait is served right after the next N executions,
 * whichever tenants they belong to. So a probe waits as long as the pod takes to start the work
 * that was waiting when it arrived: what an execution arriving then would have waited in the single
 * FIFO queue this queue replaced (a light tenant's execution waits less, a flooding tenant's more).
 * N is at most the capacity, so no order of tenants can starve a probe; a probe takes microseconds
 * and the canary a few milliseconds twice a second, so neither starves a tenant. With one tenant
 * (or none) the order is the plain FIFO it was, and the lag signal keeps its meaning.
 *
 * <p>Thread-safe: one lock, held for a scan over the tenants that have something waiting or
 * running (at most capacity + workers of them).
 */
final class FairQueue {
    /** The queue of requests without a tenant; tenants are non-empty strings (RequestParser). */
    static final String ANONYMOUS = "";

    private final int capacity;
    private final int perTenant;
    private final int systemCapacity;
    private final LongSupplier clockMillis;
    private final TenantUsage usage = new TenantUsage();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    /** Tenants with executions waiting or running; a lane is dropped once it has neither. */
    private final Map<String, Lane> lanes = new HashMap<>();
    private final ArrayDeque<SystemJob> system = new ArrayDeque<>();
    private int executionsWaiting;
    /** Executions served so far: the clock of the system jobs' places in line. */
    private long dispatches;
    /** Counts lanes opened and served: the order of turns among tenants of equal weight. */
    private long turns;
    private long prunedSecond = Long.MIN_VALUE;

    /** A probe or canary run, due once {@code dueAfter} executions in all have been served. */
    private record SystemJob(Job job, long dueAfter) {
    }

    /**
     * One tenant's executions: those waiting, how many run, and its last turn (when it was last
     * served, or opened: newcomers join the back of the turns among equals).
     */
    private static final class Lane {
        final ArrayDeque<Job.Execution> waiting = new ArrayDeque<>();
        int running;
        long lastTurn;

        Lane(long opened) {
            lastTurn = opened;
        }
    }

    FairQueue(int capacity, int perTenant, int systemCapacity, LongSupplier clockMillis) {
        if (capacity < 1 || perTenant < 1 || systemCapacity < 1) {
            throw new IllegalArgumentException("capacities must be at least 1: capacity " + capacity
                    + ", per tenant " + perTenant + ", system " + systemCapacity);
        }
        this.capacity = capacity;
        this.perTenant = Math.min(perTenant, capacity);
        this.systemCapacity = systemCapacity;
        this.clockMillis = clockMillis;
    }

    /** The key of a tenant's queue: the tenant, or {@link #ANONYMOUS} for requests without one. */
    static String tenantKey(String tenant) {
        return tenant == null ? ANONYMOUS : tenant;
    }

    /** Queues an execution, or refuses it with the scope (tenant or pod) that is full. */
    void admit(Job.Execution job) {
        String tenant = job.request().tenant();
        String key = tenantKey(tenant);
        lock.lock();
        try {
            if (executionsWaiting >= capacity) {
                throw new SaturatedException(SaturatedException.Scope.POD, capacity, tenant);
            }
            Lane lane = lanes.get(key);
            if (lane != null && lane.waiting.size() >= perTenant) {
                throw new SaturatedException(SaturatedException.Scope.TENANT, perTenant, tenant);
            }
            lanes.computeIfAbsent(key, k -> new Lane(++turns)).waiting.add(job);
            executionsWaiting++;
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a lag probe or canary run; false when the system queue is full (never expected). */
    boolean offerSystem(Job job) {
        if (job instanceof Job.Execution) {
            throw new IllegalArgumentException("executions are admitted, not offered");
        }
        lock.lock();
        try {
            if (system.size() >= systemCapacity) {
                return false;
            }
            system.add(new SystemJob(job, dispatches + executionsWaiting));
            ready.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The next job, waiting for one. */
    Job take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            Job job;
            while ((job = pollLocked()) == null) {
                ready.await();
            }
            return job;
        } finally {
            lock.unlock();
        }
    }

    /** The next job, or null when nothing waits. */
    Job poll() {
        lock.lock();
        try {
            return pollLocked();
        } finally {
            lock.unlock();
        }
    }

    /** The key of the execution {@link #poll} would serve next (ignoring system jobs), or null. */
    ContextKey nextKey() {
        lock.lock();
        try {
            Lane next = choose(clockMillis.getAsLong());
            return next == null ? null : next.waiting.peek().request().key();
        } finally {
            lock.unlock();
        }
    }

    /**
     * An execution this queue served has ended after {@code cpuUs} of CPU: charges its tenant and
     * forgets the tenant's queue once nothing of it waits or runs.
     */
    void finished(String tenant, long cpuUs) {
        String key = tenantKey(tenant);
        lock.lock();
        try {
            long now = clockMillis.getAsLong();
            usage.charge(key, cpuUs, now);
            Lane lane = lanes.get(key);
            if (lane != null) {
                lane.running = Math.max(0, lane.running - 1);
                if (lane.running == 0 && lane.waiting.isEmpty()) {
                    lanes.remove(key);
                }
            }
            long second = Math.floorDiv(now, 1000);
            if (second != prunedSecond) {
                prunedSecond = second;
                usage.prune(now);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Executions waiting (system jobs not counted). */
    int size() {
        lock.lock();
        try {
            return executionsWaiting;
        } finally {
            lock.unlock();
        }
    }

    /** Executions waiting for {@code tenant} (null: those without a tenant). */
    int waiting(String tenant) {
        lock.lock();
        try {
            Lane lane = lanes.get(tenantKey(tenant));
            return lane == null ? 0 : lane.waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** CPU microseconds {@code tenant} used in the window, as the order weighs it. */
    long usedUs(String tenant) {
        lock.lock();
        try {
            return usage.usedUs(tenantKey(tenant), clockMillis.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns every execution still waiting (system jobs are dropped), for shutdown. */
    List<Job.Execution> drain() {
        lock.lock();
        try {
            List<Job.Execution> left = new ArrayList<>();
            for (Lane lane : lanes.values()) {
                left.addAll(lane.waiting);
                lane.waiting.clear();
            }
            lanes.values().removeIf(lane -> lane.running == 0);
            executionsWaiting = 0;
            system.clear();
            return left;
        } finally {
            lock.unlock();
        }
    }

    private Job pollLocked() {
        long now = clockMillis.getAsLong();
        SystemJob head = system.peek();
        if (head != null && (dispatches >= head.dueAfter() || executionsWaiting == 0)) {
            return system.poll().job();
        }
        Lane lane = choose(now);
        if (lane == null) {
            return null;
        }
        Job.Execution next = lane.waiting.poll();
        executionsWaiting--;
        lane.running++;
        dispatches++;
        lane.lastTurn = ++turns;
        return next;
    }

    /** The tenant served next: lowest weight, then the oldest turn; null when no execution waits. */
    private Lane choose(long now) {
        Lane best = null;
        long bestWeight = 0;
        for (Map.Entry<String, Lane> e : lanes.entrySet()) {
            Lane lane = e.getValue();
            if (lane.waiting.isEmpty()) {
                continue;
            }
            String tenant = e.getKey();
            // A running execution of a tenant with no history yet counts 1 us: more than none.
            long weight = usage.usedUs(tenant, now) + lane.running * Math.max(1, usage.meanUs(tenant, now));
            if (best == null || weight < bestWeight || (weight == bestWeight && lane.lastTurn < best.lastTurn)) {
                best = lane;
                bestWeight = weight;
            }
        }
        return best;
    }
}
