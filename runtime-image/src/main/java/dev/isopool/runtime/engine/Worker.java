package dev.isopool.runtime.engine;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import org.jboss.logging.Logger;

/**
 * A worker thread: owns one session (and a canary isolate), takes jobs from the shared
 * queue, answers each execution, and only then recycles its context, so a reset never delays
 * the answer it follows.
 */
final class Worker implements Runnable {
    private static final Logger LOG = Logger.getLogger(Worker.class);

    private final SandboxEngine engine;
    private final V8Host host;
    private final Session.Factory sessions;
    private final Watchdog watchdog;

    Worker(SandboxEngine engine, V8Host host, Session.Factory sessions, Watchdog watchdog) {
        this.engine = engine;
        this.host = host;
        this.sessions = sessions;
        this.watchdog = watchdog;
    }

    @Override
    public void run() {
        Session session = null;
        Canary canary = null;
        try {
            session = newSession();
            canary = new Canary(host);
            engine.workerWarm();
            while (!Thread.currentThread().isInterrupted()) {
                Job job = engine.take();
                if (job instanceof Job.Probe probe) {
                    // A few microseconds, most of them the clocks' own: left out of the contention.
                    engine.probeStarted(probe);
                    continue;
                }
                long wallStarted = System.nanoTime();
                long cpuStarted = ThreadCpuClock.nanos();
                if (job instanceof Job.Execution execution) {
                    session = execute(session, execution);
                } else if (job instanceof Job.CanaryRun run) {
                    timeCanary(canary, run);
                }
                // Wall time the code ran (not time it waited for a timer or a thread pool) against the
                // CPU time the thread got for it: the CPU contention.
                long wall = System.nanoTime() - wallStarted - session.takeWaitedNanos();
                long cpuEnded = ThreadCpuClock.nanos();
                engine.worked(wall, cpuStarted < 0 || cpuEnded < 0 ? -1 : cpuEnded - cpuStarted);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (JavetException | RuntimeException e) {
            LOG.errorf(e, "worker %s could not create its isolates", Thread.currentThread().getName());
        } finally {
            closeQuietly(session);
            closeQuietly(canary);
        }
    }

    private Session execute(Session session, Job.Execution job) {
        engine.started(job);
        long started = System.nanoTime();
        ExecutionResult result = session.execute(job.request());
        job.result().complete(result);
        engine.finished(job, result, System.nanoTime() - started);
        return recycle(session);
    }

    private void timeCanary(Canary canary, Job.CanaryRun run) throws JavetException {
        if (!run.baseline()) {
            engine.canaryMeasured(canary.cpuNanos());
            return;
        }
        engine.baselineMeasured(canary.baselineNanos(SandboxEngine.BASELINE_RUNS));
    }

    /** Prepares the context for what comes next; replaces the whole isolate if it broke. */
    private Session recycle(Session session) {
        try {
            if (session.healthy()) {
                session.recycle(engine.nextKey());
                return session;
            }
        } catch (JavetException | RuntimeException e) {
            LOG.warnf(e, "context reset failed on %s; replacing its isolate", Thread.currentThread().getName());
        }
        closeQuietly(session);
        try {
            return newSession();
        } catch (JavetException e) {
            throw new IllegalStateException("cannot replace a broken isolate", e);
        }
    }

    private Session newSession() throws JavetException {
        return sessions.create(watchdog, engine.events());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("closing an isolate failed", e);
        }
    }
}
