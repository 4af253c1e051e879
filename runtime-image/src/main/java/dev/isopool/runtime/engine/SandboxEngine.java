package dev.isopool.runtime.engine;

import com.caoccao.javet.interop.V8Host;
import dev.isopool.runtime.config.RuntimeSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The execution engine: a bounded queue per tenant ({@link FairQueue}) in front of worker threads,
 * each owning one isolate. Submissions beyond the pod's capacity or beyond their tenant's share
 * are refused at once rather than queued without bound.
 *
 * <p>Lag probes and canary runs share the queue with executions (see {@link LagProbes} and
 * {@link Canary}); the queue keeps room for them beyond the executions' capacity, so a full
 * queue of executions never silences the signals that report it.
 */
public final class SandboxEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SandboxEngine.class);
    /** V8 runs on the worker's own stack; a roomy Java stack keeps V8's stack guard the one that trips. */
    private static final long WORKER_STACK_BYTES = 16L << 20;
    static final long CANARY_INTERVAL_MS = 500;
    static final int BASELINE_RUNS = 15;

    private final RuntimeSettings settings;
    private final V8Platform.EffectiveFlags flags;
    private final EngineEvents events;
    private final FairQueue queue;
    private final AtomicInteger inflight = new AtomicInteger();
    private final AtomicBoolean canaryQueued = new AtomicBoolean();
    private final AtomicBoolean baselineRequested = new AtomicBoolean();
    private final Watchdog watchdog = new Watchdog();
    private final ScheduledExecutorService signalsTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "isopool-signals");
        t.setDaemon(true);
        return t;
    });
    private final LagProbes probes;
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch warm;
    private volatile long canaryBaselineNanos;
    private volatile boolean accepting = true;

    /**
     * An engine whose workers run the sessions {@code sessions} creates; {@code host} runs the
     * canary, so it measures the same engine the sessions use.
     */
    SandboxEngine(RuntimeSettings settings, V8Platform.EffectiveFlags flags, EngineEvents events,
            V8Host host, Session.Factory sessions) {
        this.settings = settings;
        this.flags = flags;
        this.events = events;
        // Beside the executions the settings admit: one probe per worker and one canary run.
        this.queue = new FairQueue(settings.queueCapacity(), settings.maxQueuedPerTenant(), settings.workers() + 1,
                System::currentTimeMillis);
        this.probes = new LagProbes(settings.workers(), signalsTimer, queue::offerSystem, events);
        this.warm = new CountDownLatch(settings.workers());
        for (int i = 0; i < settings.workers(); i++) {
            Worker worker = new Worker(this, host, sessions, watchdog);
            Thread t = new Thread(null, worker, "isopool-worker-" + i, WORKER_STACK_BYTES);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /**
     * An engine of {@code kind}'s sessions on {@code host}, all with the settings' limits and one
     * record of the modules they compiled. {@link V8Platform#engine} and {@link NodePlatform#engine}
     * build the two engines this way.
     */
    static SandboxEngine of(RuntimeSettings settings, V8Platform.EffectiveFlags flags, EngineEvents events,
            V8Host host, Session.Kind kind) {
        SessionLimits limits = SessionLimits.of(settings, flags);
        CompiledModules compiled = new CompiledModules();
        return new SandboxEngine(settings, flags, events, host,
                (watchdog, workerEvents) -> kind.create(host, limits, compiled, watchdog, workerEvents));
    }

    /**
     * Measures the canary baseline once every worker is warm, then starts the probes and the
     * periodic canary; the engine is ready after that. Call it once the process has booted (the
     * runtime does on Quarkus's StartupEvent): a baseline timed while the process still loads
     * classes and compiles on the same CPUs is too slow, and the pod then reports a slowdown
     * below 1 (0.69 seen on a pod pinned to one CPU). Later calls do nothing.
     */
    public void measureBaseline() {
        if (baselineRequested.compareAndSet(false, true)) {
            signalsTimer.execute(this::queueBaseline);
        }
    }

    /**
     * Queues one execution; throws {@link SaturatedException} when the pod's queue or the
     * request's tenant's share of it is full.
     */
    public CompletableFuture<ExecutionResult> submit(ExecutionRequest request) {
        if (!accepting) {
            throw new IllegalStateException("the runtime is shutting down");
        }
        Job.Execution job = new Job.Execution(request, new CompletableFuture<>(), System.nanoTime());
        try {
            queue.admit(job);
        } catch (SaturatedException e) {
            events.rejected(e.scope(), request.tenant());
            throw e;
        }
        return job.result();
    }

    /** Waits until every worker has a warm isolate. */
    public boolean awaitWarm(long timeout, TimeUnit unit) throws InterruptedException {
        return warm.await(timeout, unit);
    }

    public boolean isWarm() {
        return warm.getCount() == 0;
    }

    /** Warm isolates, a canary baseline, and still accepting work. */
    public boolean isReady() {
        return isWarm() && canaryBaselineNanos > 0 && accepting;
    }

    /** True while every worker thread runs (a worker that lost its isolate for good ends). */
    public boolean isLive() {
        return threads.stream().allMatch(Thread::isAlive);
    }

    public RuntimeSettings settings() {
        return settings;
    }

    public V8Platform.EffectiveFlags flags() {
        return flags;
    }

    public EngineLoad load() {
        return new EngineLoad(settings.workers(), queue.size(), inflight.get(), probes.oldestWaitNanos(),
                canaryBaselineNanos, !accepting);
    }

    /** Stops accepting executions; the ones already accepted still run. */
    public void drain() {
        accepting = false;
    }

    // Called by workers.

    EngineEvents events() {
        return events;
    }

    void started(Job.Execution job) {
        inflight.incrementAndGet();
    }

    /**
     * {@code job} ended with {@code result} (which carries the CPU time it took) after {@code busyNanos}:
     * its tenant is charged that CPU time, which orders the tenants' next executions.
     */
    void finished(Job.Execution job, ExecutionResult result, long busyNanos) {
        inflight.decrementAndGet();
        String tenant = job.request().tenant();
        long cpuUs = result.cpuUs() >= 0 ? result.cpuUs() : busyNanos / 1000; // no CPU clock: wall time
        queue.finished(tenant, cpuUs);
        events.executed(result.outcome(), busyNanos);
        long waited = System.nanoTime() - busyNanos - job.queuedNanos();
        events.tenantRan(tenant, Math.max(0, waited), cpuUs);
    }

    void probeStarted(Job.Probe probe) {
        probes.started(probe);
    }

    void worked(long wallNanos, long cpuNanos) {
        events.worked(wallNanos, cpuNanos);
    }

    void canaryMeasured(long nanos) {
        canaryQueued.set(false);
        events.canary(nanos);
    }

    void baselineMeasured(long nanos) {
        canaryBaselineNanos = nanos;
        LOG.infof("canary baseline %.2f ms of CPU on an idle worker", nanos / 1e6);
        probes.start();
        signalsTimer.scheduleWithFixedDelay(this::queueCanary, CANARY_INTERVAL_MS, CANARY_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    /** The key of the execution served next, so a worker can keep its context warm for it. */
    ContextKey nextKey() {
        return queue.nextKey();
    }

    Job take() throws InterruptedException {
        return queue.take();
    }

    void workerWarm() {
        warm.countDown();
    }

    private void queueBaseline() {
        try {
            warm.await();
            // Nothing else is in the system queue before the baseline: probes start after it.
            if (!queue.offerSystem(new Job.CanaryRun(true))) {
                throw new IllegalStateException("the engine's queue refused the canary baseline");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void queueCanary() {
        if (canaryQueued.compareAndSet(false, true) && !queue.offerSystem(new Job.CanaryRun(false))) {
            canaryQueued.set(false);
        }
    }

    @Override
    public void close() {
        accepting = false;
        probes.stop();
        signalsTimer.shutdownNow();
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
        for (Job.Execution left : queue.drain()) {
            left.result().completeExceptionally(new IllegalStateException("the runtime shut down"));
        }
        watchdog.close();
        LOG.info("engine stopped");
    }
}
