package dev.isopool.runtime.engine;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;

/**
 * What a worker runs executions in: one isolate (engine {@code v8}) or one embedded Node.js
 * runtime (engine {@code node}), owned by that worker's thread alone.
 */
public interface Session extends AutoCloseable {

    /** Runs one request to its results; every failure of the user's code becomes a typed error. */
    ExecutionResult execute(ExecutionRequest request);

    /** Called between executions: prepares for {@code next} (null: nothing waits) off the critical path. */
    void recycle(ContextKey next) throws JavetException;

    /**
     * Wall time the last execution spent waiting rather than running (for a timer, or with engine
     * node for its thread pool), and forgets it; 0 for a session that never waits.
     */
    default long takeWaitedNanos() {
        return 0;
    }

    /** False once the session cannot run anything more; the worker then replaces it. */
    boolean healthy();

    @Override
    void close() throws JavetException;

    /** Creates a worker's session, on that worker's thread. */
    @FunctionalInterface
    interface Factory {
        Session create(Watchdog watchdog, EngineEvents events) throws JavetException;
    }

    /** An engine's kind of session (a constructor): what one engine's sessions share is passed in. */
    @FunctionalInterface
    interface Kind {
        Session create(V8Host host, SessionLimits limits, CompiledModules compiled, Watchdog watchdog,
                EngineEvents events) throws JavetException;
    }
}
