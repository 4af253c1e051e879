package dev.isopool.runtime.engine;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The engine's queue: what waits for a worker, and in which order workers get it.
 *
 * <p><b>Executions</b> wait per tenant, first come first served within a tenant; requests without
 * a tenant share one queue. Which tenant goes next is {@link FairOrder}'s: tenants take turns,
 * weighted by the CPU time they used, so a tenant that floods the pod waits behind its own
 * backlog while a light tenant is served next.
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
 * <p>Thread-safe: one lock, held for O(log n) work in the tenants that have something waiting
 * (at most capacity of them); pruning the remembered ones runs once a second.
 */
final class FairQueue {
    /** The queue of requests without a tenant; tenants are non-empty strings (RequestParser). */
    static final String ANONYMOUS = "";

    private final int capacity;
    private final int perTenant;
    private final int systemCapacity;
    private final LongSupplier clockMillis;
    private final FairOrder order = new FairOrder();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<SystemJob> system = new ArrayDeque<>();
    private int executionsWaiting;
    /** Executions served so far: the clock of the system jobs' places in line. */
    private long dispatches;

    /** A probe or canary run, due once {@code dueAfter} executions in all have been served. */
    private record SystemJob(Job job, long dueAfter) {
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

    /** Queues an execution, or refuses it with the scope (pod or tenant) that is full. */
    void admit(Job.Execution job) {
        String tenant = job.request().tenant();
        String key = tenantKey(tenant);
        lock.lock();
        try {
            if (executionsWaiting >= capacity) {
                throw new SaturatedException(SaturatedException.Scope.POD, capacity, tenant);
            }
            if (order.waiting(key) >= perTenant) {
                throw new SaturatedException(SaturatedException.Scope.TENANT, perTenant, tenant);
            }
            order.add(key, job, clockMillis.getAsLong());
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
            Job.Execution next = order.peek();
            return next == null ? null : next.request().key();
        } finally {
            lock.unlock();
        }
    }

    /** An execution this queue served has ended after {@code cpuUs} of CPU: charges its tenant. */
    void finished(String tenant, long cpuUs) {
        lock.lock();
        try {
            order.finished(tenantKey(tenant), cpuUs, clockMillis.getAsLong(), executionsWaiting > 0);
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
            return order.waiting(tenantKey(tenant));
        } finally {
            lock.unlock();
        }
    }

    /** CPU microseconds {@code tenant} used in the window. */
    long usedUs(String tenant) {
        lock.lock();
        try {
            return order.usedUs(tenantKey(tenant), clockMillis.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns every execution still waiting (system jobs are dropped), for shutdown. */
    List<Job.Execution> drain() {
        lock.lock();
        try {
            List<Job.Execution> left = order.drain();
            executionsWaiting = 0;
            system.clear();
            return left;
        } finally {
            lock.unlock();
        }
    }

    private Job pollLocked() {
        SystemJob head = system.peek();
        if (head != null && (dispatches >= head.dueAfter() || executionsWaiting == 0)) {
            return system.poll().job();
        }
        Job.Execution next = order.next(clockMillis.getAsLong());
        if (next == null) {
            return null;
        }
        executionsWaiting--;
        dispatches++;
        return next;
    }
}
