package dev.isopool.runtime.engine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that ends executions past their deadline. Terminating V8 from another thread
 * is the only way to stop code that never yields (a loop, a catastrophic regex, a microtask loop).
 */
public final class Watchdog implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "isopool-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Schedules {@code onDeadline} after {@code timeoutMs}; cancel the returned future when done. */
    ScheduledFuture<?> arm(long timeoutMs, Runnable onDeadline) {
        return timer.schedule(onDeadline, timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Schedules {@code onDeadline} after {@code nanos}; cancel the returned future when done. */
    ScheduledFuture<?> armNanos(long nanos, Runnable onDeadline) {
        return timer.schedule(onDeadline, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
