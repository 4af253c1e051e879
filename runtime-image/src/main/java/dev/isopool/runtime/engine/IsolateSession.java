package dev.isopool.runtime.engine;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.executors.IV8Executor;
import com.caoccao.javet.interop.monitoring.V8HeapStatistics;
import com.caoccao.javet.values.V8Value;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Engine {@code v8}: one isolate and its current context, owned by one worker thread. A context
 * is renewed with V8's {@code resetContext()}, which keeps the isolate and its compiled code and
 * restores the context from the prelude's startup snapshot ({@link PreludeSnapshot}).
 *
 * <p>No event loop exists here: the prelude keeps the context's timers, and while results are
 * pending this session sleeps until the next one is due and runs it, one callback per call so
 * that V8 runs the microtasks between them, until every result settled, none can any more, or the
 * watchdog ends the execution. The sleep counts against the wall limit, not the CPU limit.
 */
final class IsolateSession extends AbstractSession {
    private final V8Runtime runtime;
    private Terminator.HeapGuard heapGuard;

    IsolateSession(V8Host host, SessionLimits limits, CompiledModules compiled, Watchdog watchdog,
            EngineEvents events) throws JavetException {
        super(limits, compiled, watchdog, events);
        this.runtime = PreludeSnapshot.newRuntime(host, limits);
        guardHeap();
        renew();
    }

    @Override
    protected V8Runtime runtime() {
        return runtime;
    }

    @Override
    protected IV8Executor executor(String code) throws JavetException {
        return runtime.getExecutor(code).setResourceName("user.js");
    }

    @Override
    protected void freshContext() throws JavetException {
        runtime.resetContext(); // a copy of the prelude snapshot's context
        control = PreludeSnapshot.attach(runtime);
    }

    /** A value that is not a promise goes in and its result comes out in the same call. */
    @Override
    protected Ran scriptResults(V8Value value, int elapsedUs) throws JavetException {
        String settled = control.invokeString("scriptFinish", value, elapsedUs, cpuUs());
        return settled.isEmpty() ? results(1) : Ran.fromPrelude(settled);
    }

    @Override
    protected Ran results(int count) throws JavetException {
        return settled(control.invokeString("finish", count, cpuUs()), count);
    }

    /**
     * The results the prelude's finish gave, or when they are not all in ('') runs due timers until
     * they are (V8 runs the microtasks after every call), then collects them.
     */
    private Ran settled(String settled, int count) throws JavetException {
        if (!settled.isEmpty()) {
            return Ran.fromPrelude(settled);
        }
        for (double waitMs = control.invokeDouble("wait"); waitMs >= 0; waitMs = control.invokeDouble("wait")) {
            if (waitMs > 0) {
                sleep(Math.min((long) (waitMs * 1e6), deadlineNanos() - System.nanoTime()));
            }
            if (terminator.termination() != Termination.NONE) {
                return null;
            }
            control.invokeVoid("runTimer");
        }
        return Ran.fromPrelude(control.invokeString("collect", count, cpuUs()));
    }

    /** Waits for a timer; past the deadline, a millisecond at a time until the watchdog ends the execution. */
    private void sleep(long nanos) {
        long started = System.nanoTime();
        LockSupport.parkNanos(Math.max(nanos, TimeUnit.MILLISECONDS.toNanos(1)));
        waited(System.nanoTime() - started);
    }

    @Override
    protected boolean hostTimers() {
        return true;
    }

    @Override
    protected boolean preludeBegins() {
        return true;
    }

    /** Timers live in the prelude and are cancelled with the results: nothing a script schedules outlives it. */
    @Override
    protected boolean scheduledWorkOutlivesScript() {
        return false;
    }

    /** Renews the context at once (the isolate stays), and after a heap termination its heap limit. */
    @Override
    protected void terminationHandled(Termination why) throws JavetException {
        if (why == Termination.HEAP) {
            runtime.cancelTerminateExecution();
        }
        renew();
        if (why == Termination.HEAP) {
            restoreHeapLimit();
        }
    }

    /**
     * Takes back heap the guard lent V8, whether an execution or a context's renewal needed it,
     * once the isolate is back under its cap: a lent limit otherwise stays, and under a context
     * per request one isolate was seen to reach 2 GiB this way (docs/benchmarks.md). Restoring it
     * while the heap is still above the cap would only have V8 ask again at once.
     */
    @Override
    protected void betweenExecutions() throws JavetException {
        if (heapGuard.raised() && heapBackUnderCap()) {
            restoreHeapLimit();
        }
    }

    /** Unregistering the heap guard makes V8 restore the original limit; a new one guards it again. */
    private void restoreHeapLimit() throws JavetException {
        runtime.setNearHeapLimitCallback(null);
        guardHeap();
    }

    private boolean heapBackUnderCap() {
        // Between executions the isolate is idle on this thread, so Javet answers at once.
        V8HeapStatistics heap = runtime.getV8HeapStatistics().getNow(null);
        return heap != null && heap.getUsedHeapSize() < (long) limits.heapMb() << 20;
    }

    private void guardHeap() throws JavetException {
        heapGuard = terminator.heapGuard();
        runtime.setNearHeapLimitCallback(heapGuard);
    }

    @Override
    protected void closeRuntime() throws JavetException {
        runtime.close();
    }
}
