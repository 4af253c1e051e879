package dev.isopool.runtime.engine;

import com.caoccao.javet.interop.callback.IJavetNearHeapLimitCallback;
import java.util.concurrent.ScheduledFuture;

/**
 * Ends a session's running execution from outside it (the watchdog's clock, V8's near-heap-limit
 * callback), that execution only, and keeps the first reason given. V8 may drop a termination
 * requested at an awkward moment (inside a GC callback, while a builtin runs), so a request made
 * from the watchdog thread is repeated until the execution is over.
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

    /** An execution starts; returns its deadline, which {@link #finish} cancels. */
    ScheduledFuture<?> start(int timeoutMs) {
        termination = Termination.NONE;
        long current;
        synchronized (lock) {
            running = true;
            current = ++execution;
        }
        return watchdog.arm(timeoutMs, () -> terminate(Termination.TIMEOUT, current, true));
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
    IJavetNearHeapLimitCallback heapGuard() {
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
    private final class HeapGuard implements IJavetNearHeapLimitCallback {
        private long initialLimit;
        private long askedFor = -1;

        @Override
        public long callback(long currentHeapLimit, long initialHeapLimit) {
            initialLimit = initialHeapLimit;
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
