package dev.isopool.runtime.engine;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

/**
 * Event-loop lag as Node's {@code monitorEventLoopDelay} measures it, for a pool of workers: one
 * probe per worker is due every 10 ms, waits in the same queue as executions, and its lag is the
 * time it started minus the time it was due. The next probe of a slot is due 10 ms after the
 * previous one started, so a busy pod is sampled as often as an idle one.
 */
final class LagProbes {
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ScheduledExecutorService timer;
    private final Predicate<Job.Probe> enqueue;
    private final EngineEvents events;
    private static final long NONE = Long.MIN_VALUE;
    /** Per slot: when its queued probe was due, or {@link #NONE} while none is queued. */
    private final AtomicLongArray queuedDue;
    private volatile boolean stopped;

    LagProbes(int slots, ScheduledExecutorService timer, Predicate<Job.Probe> enqueue, EngineEvents events) {
        this.timer = timer;
        this.enqueue = enqueue;
        this.events = events;
        this.queuedDue = new AtomicLongArray(slots);
        for (int slot = 0; slot < slots; slot++) {
            queuedDue.set(slot, NONE);
        }
    }

    void start() {
        for (int slot = 0; slot < queuedDue.length(); slot++) {
            schedule(slot, System.nanoTime() + INTERVAL_NANOS);
        }
    }

    /** A worker took the probe: records its lag and schedules the slot's next probe. */
    void started(Job.Probe probe) {
        long now = System.nanoTime();
        queuedDue.set(probe.slot(), NONE);
        events.lag(Math.max(0, now - probe.dueNanos()));
        schedule(probe.slot(), now + INTERVAL_NANOS);
    }

    /** How long the longest-waiting probe has waited so far; a stuck pod shows here before any probe ends. */
    long oldestWaitNanos() {
        long now = System.nanoTime();
        long oldest = 0;
        for (int slot = 0; slot < queuedDue.length(); slot++) {
            long due = queuedDue.get(slot);
            if (due != NONE) {
                oldest = Math.max(oldest, now - due);
            }
        }
        return oldest;
    }

    void stop() {
        stopped = true;
    }

    private void schedule(int slot, long dueNanos) {
        if (stopped) {
            return;
        }
        timer.schedule(() -> {
            Job.Probe probe = new Job.Probe(slot, dueNanos);
            queuedDue.set(slot, dueNanos);
            if (!enqueue.test(probe)) {
                // Never expected (the queue keeps room for one probe per slot); try again later.
                queuedDue.set(slot, NONE);
                schedule(slot, System.nanoTime() + INTERVAL_NANOS);
            }
        }, Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
