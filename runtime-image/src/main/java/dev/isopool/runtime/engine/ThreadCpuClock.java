package dev.isopool.runtime.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The calling thread's CPU clock (Linux: {@code CLOCK_THREAD_CPUTIME_ID}): the time the thread
 * was actually on a CPU, which wall time minus waiting for a CPU is. What the worker slowdown is
 * built from: a worker's wall time over its CPU time shows how much it waited for a core.
 */
final class ThreadCpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static {
        if (THREADS.isCurrentThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    private ThreadCpuClock() {
    }

    /** CPU nanoseconds the current thread has used; -1 where the JVM cannot tell. */
    static long nanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** CPU nanoseconds the thread {@code threadId} has used; -1 where the JVM cannot tell or it ended. */
    static long nanos(long threadId) {
        return THREADS.getThreadCpuTime(threadId);
    }
}
