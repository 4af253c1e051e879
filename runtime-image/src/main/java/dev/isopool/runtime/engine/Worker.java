package dev.isopool.runtime.engine;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import org.jboss.logging.Logger;

/**
 * A worker thread: owns one isolate session, takes executions from the shared queue, answers
 * each, and only then recycles its context, so a reset never delays the answer it follows.
 */
final class Worker implements Runnable {
    private static final Logger LOG = Logger.getLogger(Worker.class);

    private final V8Host host;
    private final IsolateSession.Limits limits;
    private final Watchdog watchdog;
    private final BlockingQueue<SandboxEngine.Task> queue;
    private final CountDownLatch warm;

    Worker(V8Host host, IsolateSession.Limits limits, Watchdog watchdog,
            BlockingQueue<SandboxEngine.Task> queue, CountDownLatch warm) {
        this.host = host;
        this.limits = limits;
        this.watchdog = watchdog;
        this.queue = queue;
        this.warm = warm;
    }

    @Override
    public void run() {
        IsolateSession session = null;
        try {
            session = new IsolateSession(host, limits, watchdog);
            warm.countDown();
            while (!Thread.currentThread().isInterrupted()) {
                SandboxEngine.Task task = queue.take();
                task.result().complete(session.execute(task.request()));
                session = recycle(session);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (JavetException | RuntimeException e) {
            LOG.errorf(e, "worker %s could not create its isolate", Thread.currentThread().getName());
        } finally {
            closeQuietly(session);
        }
    }

    /** Prepares the context for what comes next; replaces the whole isolate if it broke. */
    private IsolateSession recycle(IsolateSession session) {
        SandboxEngine.Task next = queue.peek();
        try {
            if (session.healthy()) {
                session.recycle(next == null ? null : next.request().key());
                return session;
            }
        } catch (JavetException | RuntimeException e) {
            LOG.warnf(e, "context reset failed on %s; replacing its isolate", Thread.currentThread().getName());
        }
        closeQuietly(session);
        try {
            return new IsolateSession(host, limits, watchdog);
        } catch (JavetException e) {
            throw new IllegalStateException("cannot replace a broken isolate", e);
        }
    }

    private static void closeQuietly(IsolateSession session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (JavetException | RuntimeException e) {
            LOG.debug("closing an isolate failed", e);
        }
    }
}
