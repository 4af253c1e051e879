package dev.isopool.runtime.engine;

import com.caoccao.javet.interop.callback.IJavetNearHeapLimitCallback;
import java.util.concurrent.ScheduledFuture;

/**
 * Ends a session's running execution from outside it (the watchdog's clocks, V8's near-heap-limit
 * callback), that execution only, and keeps the first reason given. V8 may drop a termination
 * requested at an awkward moment (inside a GC callback, while a builtin runs), so a request made
 * from the watchdog thread is repeated until the execution is over.
 *
 * <p>The CPU limit reads the executing thread's CPU clock from the watchdog thread. A thread
 * cannot use more CPU than wall time, so the first look is due when the smaller limit could be
 * reached, and each later one when the time left on either clock could run out; an execution
 * that ends sooner costs one scheduled task, as the wall limit alone did.
 */
final class Terminator {
    private static final long RETRY_MS = 20;

    private final Watchdog watchdog;
    /** Asks V8 to terminate; reads the session's current runtime at the time of asking. */
    private final Runnable terminateExecution;
    private final Object lock = new Object();
    private boolean running;
    private long execution;
    private volatile Termination termination = Termination.NONE;

    Terminator(Watchdog watchdog, Runnable terminateExecution) {
        this.watchdog = watchdog;
        this.terminateExecution = terminateExecution;
    }

    /**
     * An execution starts on the calling thread with these wall-time and CPU-time limits; returns
     * its first check, which {@link #finish} cancels.
     */
    ScheduledFuture<?> start(int timeoutMs, int cpuMs) {
        termination = Termination.NONE;
        long current;
        synchronized (lock) {
            running = true;
            current = ++execution;
        }
        Budget budget = new Budget(current, Thread.currentThread().getId(), System.nanoTime() + timeoutMs * 1_000_000L,
                ThreadCpuClock.nanos(), cpuMs * 1_000_000L);
        return watchdog.armNanos(Math.min(timeoutMs, cpuMs) * 1_000_000L, () -> check(budget));
    }

    /** One execution's limits: its wall deadline, and its thread's CPU clock at the start. */
    private record Budget(long execution, long threadId, long wallDeadline, long cpuStarted, long cpuNanos) {
    }

    /** Ends the execution when a clock ran out, else looks again when one could. */
    private void check(Budget budget) {
        synchronized (lock) {
            if (!running || budget.execution() != execution) {
                return;
            }
        }
        long cpuNow = budget.cpuStarted() < 0 ? -1 : ThreadCpuClock.nanos(budget.threadId());
        long cpuLeft = cpuNow < 0 ? Long.MAX_VALUE : budget.cpuNanos() - (cpuNow - budget.cpuStarted());
        long wallLeft = budget.wallDeadline() - System.nanoTime();
        if (cpuLeft <= 0) {
            terminate(Termination.CPU, budget.execution(), true);
        } else if (wallLeft <= 0) {
            terminate(Termination.TIMEOUT, budget.execution(), true);
        } else {
            watchdog.armNanos(Math.min(cpuLeft, wallLeft), () -> check(budget));
        }
    }

    /** The execution is over: nothing may terminate it, or the next one, any more. */
    void finish(ScheduledFuture<?> deadline) {
        deadline.cancel(false);
        synchronized (lock) {
            running = false;
        }
    }

    /** Why the runtime ended the current execution, or {@link Termination#NONE}. */
    Termination termination() {
        return termination;
    }

    /** A heap guard for the session's runtime (register a new one to have V8 restore its limit). */
    HeapGuard heapGuard() {
        return new HeapGuard();
    }

    private void terminate(Termination why, long execution, boolean retry) {
        synchronized (lock) {
            if (!running || execution != this.execution) {
                return; // that execution is over; never touch the next one
            }
            if (termination == Termination.NONE) {
                termination = why;
            }
            terminateExecution.run();
        }
        if (retry) {
            watchdog.arm(RETRY_MS, () -> terminate(why, execution, true));
        }
    }

    /**
     * Near the heap limit, V8 would abort the process. This ends the execution instead and lends
     * V8 room to unwind; unregistering hands the original limit back to V8.
     */
    final class HeapGuard implements IJavetNearHeapLimitCallback {
        private long initialLimit;
        private long askedFor = -1;
        private boolean raised;

        /** True once this guard lent V8 more heap: register a new one to have V8 restore the original limit. */
        boolean raised() {
            return raised;
        }

        @Override
        public long callback(long currentHeapLimit, long initialHeapLimit) {
            initialLimit = initialHeapLimit;
            raised = true;
            long current = execution;
            if (askedFor != current) {
                // First time for this execution: ask from the watchdog thread, since terminating
                // from inside a GC callback can trip V8's own checks.
                askedFor = current;
                watchdog.arm(0, () -> terminate(Termination.HEAP, current, true));
            } else {
                // The heap doubled and the code still runs (a builtin that does not look at
                // interrupts, such as a spread): terminate from here, where V8 does look.
                terminate(Termination.HEAP, current, false);
            }
            return currentHeapLimit * 2;
        }

        @Override
        public long getDefaultHeapLimit() {
            return initialLimit;
        }
    }
}
