package dev.isopool.runtime.engine;

import com.caoccao.javet.enums.V8AwaitMode;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.NodeRuntime;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.executors.IV8Executor;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;

/**
 * Engine {@code node}: one embedded Node.js runtime (Javet Node mode) owned by one worker thread,
 * locked down by {@code node-prelude.js} on top of the v8 engine's {@code prelude.js}.
 *
 * <p>A context here is a whole Node.js runtime. It is renewed by closing it and opening a new
 * one, also after any execution that left work on its event loop, was terminated or saw a callback
 * throw: Javet's {@code resetContext()} is not used in this mode, because a second Node.js
 * environment on the same isolate aborts the process when it loads a binding the first one loaded
 * (Node's {@code IsolateData} templates are set once).
 *
 * <p>An execution runs its script or batch, then Node's tick queue, then the event loop turn by
 * turn until every result has settled, nothing left can settle them, a callback throws, or the
 * watchdog ends it. Timers and I/O still pending once the results are in are dropped with the
 * runtime: nothing an execution schedules runs after its answer.
 */
final class NodeSession extends AbstractSession {
    private static final String NODE_PRELUDE = UserCode.resource("/isopool/node-prelude.js");
    /** monitorEventLoopDelay's resolution; also the longest a loop turn waits before the host looks again. */
    static final int LOOP_DELAY_RESOLUTION_MS = 10;

    private final V8Host host;
    private NodeRuntime runtime;
    /** node-prelude.js's control object, which drives prelude.js's. */
    private V8ValueObject node;

    /** How the event loop phase of an execution ended. */
    private enum Loop { SETTLED, UNSETTLED, STOPPED }

    NodeSession(V8Host host, SessionLimits limits, CompiledModules compiled, Watchdog watchdog, EngineEvents events)
            throws JavetException {
        super(limits, compiled, watchdog, events);
        this.host = host;
        open();
    }

    @Override
    protected V8Runtime runtime() {
        return runtime;
    }

    @Override
    protected IV8Executor executor(String code) {
        return executor(code, "user.js");
    }

    @Override
    protected void freshContext() throws JavetException {
        closeRuntime();
        open();
    }

    @Override
    protected V8ValueObject driver() {
        return node;
    }

    /**
     * The microtasks the script queued run before its value is taken, as they do in engine v8
     * (where V8 runs them when the script returns): a microtask loop is the script's own time,
     * not a finished result followed by a timeout.
     */
    @Override
    protected void scriptReturned() throws JavetException {
        node.invokeVoid("tick");
    }

    @Override
    protected boolean scheduledWorkOutlivesScript() {
        return true;
    }

    /** Node's own timers run on its event loop, which {@link #results} drives. */
    @Override
    protected boolean hostTimers() {
        return false;
    }

    @Override
    protected String memoryExceeded() throws JavetException {
        String exceeded = super.memoryExceeded();
        return exceeded != null ? exceeded : node.invokeString("memoryExceeded");
    }

    /** Drives Node's tick queue and event loop until the results are in, then collects them. */
    @Override
    protected Ran results(int count) throws JavetException {
        Loop loop = drive();
        if (terminator.termination() != Termination.NONE) {
            return null;
        }
        if (loop == Loop.STOPPED) {
            spend();
            String memory = node.invokeString("memoryExceeded");
            if (memory != null) {
                return error(count, ErrorTypes.MEMORY, memory);
            }
        }
        Ran results = Ran.fromPrelude(node.invokeString("collect", count, cpuUs()));
        if (loop != Loop.SETTLED || node.invokeBoolean("leftovers")) {
            spend(); // drop whatever the execution left on the loop with this runtime
        }
        return results;
    }

    private Loop drive() throws JavetException {
        node.invokeVoid("tick");
        int state = node.invokeInteger("state");
        if (state != 1) {
            return state == 0 ? Loop.SETTLED : Loop.STOPPED;
        }
        node.invokeVoid("loopStarted");
        while (state == 1) {
            // One loop turn: runs due timers and finished I/O, and waits for them at most until the
            // delay histogram's own timer fires (LOOP_DELAY_RESOLUTION_MS), so the deadline is seen.
            long wallStarted = System.nanoTime();
            long cpuStarted = ThreadCpuClock.nanos();
            boolean alive = runtime.await(V8AwaitMode.RunOnce);
            // What of the turn the thread did not spend on a CPU was the loop waiting for its timers
            // and I/O, not code waiting for a core.
            waited(Math.max(0, System.nanoTime() - wallStarted - (ThreadCpuClock.nanos() - cpuStarted)));
            if (terminator.termination() != Termination.NONE) {
                return Loop.STOPPED;
            }
            node.invokeVoid("tick");
            state = node.invokeInteger("state");
            if (!alive && state == 1) {
                state = -1; // nothing left on the loop can settle the pending results
            }
        }
        long worstDelayNanos = Math.round(node.invokeDouble("loopEnded"));
        if (worstDelayNanos > 0) {
            events.lag(worstDelayNanos);
        }
        return state == 0 ? Loop.SETTLED : state == 2 ? Loop.STOPPED : Loop.UNSETTLED;
    }

    /** A new Node.js runtime with both preludes run in it. */
    private void open() throws JavetException {
        runtime = host.createV8Runtime();
        // Closing a runtime would otherwise run its event loop to the end, timers and all.
        runtime.setStopping(true);
        runtime.setNearHeapLimitCallback(terminator.heapGuard());
        // The lockdown first (it loads the allowed modules before prelude.js guards the buffer
        // globals), then prelude.js, then the two are joined.
        try (V8ValueFunction lockdown = executor(NODE_PRELUDE, "isopool:node-prelude").execute();
             V8ValueFunction attach = lockdown.call(null, LOOP_DELAY_RESOLUTION_MS);
             V8ValueFunction prelude = executor(PRELUDE, "isopool:prelude").execute()) {
            control = runPrelude(prelude);
            node = attach.call(null, control);
        }
    }

    @Override
    protected void closeOwnHandles() throws JavetException {
        if (node != null) {
            node.close();
            node = null;
        }
    }

    @Override
    protected void closeRuntime() throws JavetException {
        if (runtime != null) {
            NodeRuntime closing = runtime;
            runtime = null;
            closing.close();
        }
    }

    /**
     * An executor naming its script. Not {@code setResourceName()}: in Node mode that also treats the
     * name as a file, sets {@code __dirname} and changes the process's working directory to its folder.
     */
    private IV8Executor executor(String code, String name) {
        IV8Executor executor = runtime.getExecutor(code);
        executor.getV8ScriptOrigin().setResourceName(name);
        return executor;
    }
}
