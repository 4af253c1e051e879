package dev.isopool.runtime.it;

import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Keeps {@code concurrency} requests in flight against a runtime until stopped (closed loop). */
final class LoadGenerator implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ExecutorService loop = Executors.newSingleThreadExecutor();

    LoadGenerator(RuntimeProcess runtime, String body, int concurrency) {
        this(runtime, () -> body, concurrency);
    }

    /** Each request's body from {@code bodies} (a new tenant per request, say). */
    LoadGenerator(RuntimeProcess runtime, Supplier<String> bodies, int concurrency) {
        Semaphore slots = new Semaphore(concurrency);
        loop.execute(() -> {
            while (running.get()) {
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                runtime.executeAsync(bodies.get()).whenComplete((HttpResponse<String> r, Throwable t) -> {
                    if (t != null || r.statusCode() != 200) {
                        failed.incrementAndGet();
                    } else {
                        completed.incrementAndGet();
                    }
                    slots.release();
                });
            }
        });
    }

    long completed() {
        return completed.get();
    }

    long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        running.set(false);
        loop.shutdownNow();
    }
}
