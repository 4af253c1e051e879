package dev.isopool.runtime.engine;

import com.caoccao.javet.interop.V8Host;
import dev.isopool.runtime.config.RuntimeSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The execution engine: a bounded queue in front of worker threads, each owning one isolate.
 * Submissions beyond the queue's capacity are refused at once rather than queued without bound.
 */
public final class SandboxEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SandboxEngine.class);
    /** V8 runs on the worker's own stack; a roomy Java stack keeps V8's stack guard the one that trips. */
    private static final long WORKER_STACK_BYTES = 16L << 20;

    private final RuntimeSettings settings;
    private final BlockingQueue<Task> queue;
    private final Watchdog watchdog = new Watchdog();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch warm;
    private volatile boolean accepting = true;

    record Task(ExecutionRequest request, CompletableFuture<ExecutionResult> result) {
    }

    public SandboxEngine(RuntimeSettings settings, V8Platform.EffectiveFlags flags) {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.warm = new CountDownLatch(settings.workers());
        IsolateSession.Limits limits = new IsolateSession.Limits(flags.heapMb(), settings.maxBufferBytes(),
                settings.maxOutputChars(), flags.wasmPageCap());
        V8Host host = V8Host.getV8Instance();
        for (int i = 0; i < settings.workers(); i++) {
            Worker worker = new Worker(host, limits, watchdog, queue, warm);
            Thread t = new Thread(null, worker, "isopool-worker-" + i, WORKER_STACK_BYTES);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Queues one execution; throws {@link SaturatedException} when the queue is full. */
    public CompletableFuture<ExecutionResult> submit(ExecutionRequest request) {
        if (!accepting) {
            throw new IllegalStateException("the runtime is shutting down");
        }
        Task task = new Task(request, new CompletableFuture<>());
        if (!queue.offer(task)) {
            throw new SaturatedException(settings.queueCapacity());
        }
        return task.result();
    }

    /** Waits until every worker has a warm isolate. */
    public boolean awaitWarm(long timeout, TimeUnit unit) throws InterruptedException {
        return warm.await(timeout, unit);
    }

    public boolean isWarm() {
        return warm.getCount() == 0;
    }

    public RuntimeSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        accepting = false;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Task left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("the runtime shut down"));
        }
        watchdog.close();
        LOG.info("engine stopped");
    }
}
