package dev.isopool.runtime.engine;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's queue hand-off timed on one thread: {@link FairQueue} (admit, take, finished) with
 * 20 tenants in turn, against the {@link ArrayBlockingQueue} (offer, take) that it replaced. In the
 * runtime's package because both queues' jobs are package-private; nothing of the bench ships.
 */
public final class QueueCost {
    private static final int TENANTS = 20;
    private static final int WAITING = 16;

    /** Nanoseconds per execution handed off: through the fair queue, and through a plain FIFO. */
    public record Figures(double fairNanos, double fifoNanos) {
    }

    private QueueCost() {
    }

    /** Times {@code n} hand-offs through each queue, {@link #WAITING} executions waiting at a time. */
    public static Figures measure(int n) throws InterruptedException {
        Job.Execution[] jobs = new Job.Execution[TENANTS];
        for (int t = 0; t < TENANTS; t++) {
            jobs[t] = new Job.Execution(new ExecutionRequest("1", null, 0, "tenant-" + t, 1000, 1000, List.of()),
                    new CompletableFuture<>(), System.nanoTime());
        }
        double fair = 0;
        double fifo = 0;
        for (int round = 0; round < 3; round++) { // the last round counts; the first two warm up
            fair = fair(jobs, n);
            fifo = fifo(jobs, n);
        }
        return new Figures(fair, fifo);
    }

    private static double fair(Job.Execution[] jobs, int n) throws InterruptedException {
        FairQueue queue = new FairQueue(64, 16, 4, System::currentTimeMillis);
        for (int i = 0; i < WAITING; i++) {
            queue.admit(jobs[i % TENANTS]);
        }
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            queue.admit(jobs[(i + WAITING) % TENANTS]);
            Job.Execution next = (Job.Execution) queue.take();
            queue.finished(next.request().tenant(), 400);
        }
        return (System.nanoTime() - started) / (double) n;
    }

    private static double fifo(Job.Execution[] jobs, int n) throws InterruptedException {
        BlockingQueue<Job> queue = new ArrayBlockingQueue<>(64);
        for (int i = 0; i < WAITING; i++) {
            queue.offer(jobs[i % TENANTS]);
        }
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            queue.offer(jobs[(i + WAITING) % TENANTS]);
            queue.take();
        }
        return (System.nanoTime() - started) / (double) n;
    }
}
