package dev.isopool.runtime.engine;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One daemon thread that ends executions past their deadline. Terminating V8 from another thread
 * is the only way to stop code that never yields (a loop, a catastrophic regex, a microtask loop).
 *
 * <p>Every execution arms a deadline and nearly every one cancels it, having ended first. Two
 * things keep that from waking this thread per execution: a cancelled deadline leaves the queue at
 * once, and while executions arrive a no-op tick runs every {@value #TICK_MS} ms, so a new
 * deadline (later than the next tick) is never the head of the queue and arming it signals no
 * one. Deadlines still fire at their own time. The tick stops after a second without an armed
 * deadline, and the next one starts it again.
 */
public final class Watchdog implements AutoCloseable {
    static final long TICK_MS = 10;
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "isopool-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile long lastArmedNanos;
    private volatile ScheduledFuture<?> tick;

    public Watchdog() {
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Schedules {@code onDeadline} after {@code timeoutMs}; cancel the returned future when done. */
    ScheduledFuture<?> arm(long timeoutMs, Runnable onDeadline) {
        return armNanos(TimeUnit.MILLISECONDS.toNanos(timeoutMs), onDeadline);
    }

    /** Schedules {@code onDeadline} after {@code nanos}; cancel the returned future when done. */
    ScheduledFuture<?> armNanos(long nanos, Runnable onDeadline) {
        lastArmedNanos = System.nanoTime();
        if (!ticking.get() && ticking.compareAndSet(false, true)) {
            tick = timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        }
        return timer.schedule(onDeadline, nanos, TimeUnit.NANOSECONDS);
    }

    /** Stops ticking once nothing was armed for a while; a deadline armed meanwhile fires all the same. */
    private void tick() {
        ScheduledFuture<?> running = tick; // read first: once ticking is false, an arm may start another
        if (System.nanoTime() - lastArmedNanos > IDLE_NANOS && ticking.compareAndSet(true, false)) {
            running.cancel(false);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
