package dev.isopool.runtime.engine;

import com.caoccao.javet.enums.V8AwaitMode;
import com.caoccao.javet.exceptions.JavetCompilationException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.exceptions.JavetExecutionException;
import com.caoccao.javet.exceptions.JavetTerminatedException;
import com.caoccao.javet.interop.NodeRuntime;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.executors.IV8Executor;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * Engine {@code node}: one embedded Node.js runtime (Javet Node mode) owned by one worker thread,
 * locked down by {@code node-prelude.js} on top of the v8 engine's {@code prelude.js}.
 *
 * <p>A Node.js runtime serves executions of one {@link ContextKey} only. Before it serves another
 * key, and after any execution that left work on its event loop, was terminated or saw a callback
 * throw, it is closed and replaced by a new one: Javet's {@code resetContext()} is not used in this
 * mode, because a second Node.js environment on the same isolate aborts the process when it loads
 * a binding the first one loaded (Node's {@code IsolateData} templates are set once).
 *
 * <p>An execution runs its script or batch, then Node's tick queue, then the event loop turn by
 * turn until every result has settled, nothing left can settle them, a callback throws, or the
 * watchdog ends it. Timers and I/O still pending once the results are in are dropped with the
 * runtime: nothing an execution schedules runs after its answer.
 */
final class NodeSession implements Session {
    private static final String PRELUDE = UserCode.resource("/isopool/prelude.js");
    private static final String NODE_PRELUDE = UserCode.resource("/isopool/node-prelude.js");
    /** monitorEventLoopDelay's resolution; also the longest a loop turn waits before the host looks again. */
    static final int LOOP_DELAY_RESOLUTION_MS = 10;
    private static final Set<String> ENGINE_MEMORY_ERRORS = Set.of("RangeError: Maximum call stack size exceeded",
            "RangeError: Invalid string length", "RangeError: Invalid array length",
            "RangeError: Array buffer allocation failed");
    /** Modules some runtime of this process compiled before: later compiles hit V8's module cache. */
    private static final Set<String> COMPILED = ConcurrentHashMap.newKeySet();

    private final V8Host host;
    private final IsolateSession.Limits limits;
    private final EngineEvents events;
    private final Terminator terminator;
    private final Map<String, V8ValueObject> modules = new HashMap<>();
    private NodeRuntime runtime;
    private V8ValueObject control;
    private V8ValueObject node;
    private V8ValueFunction function;
    private ContextKey key;
    /** Some execution ran in this runtime. */
    private boolean dirty;
    /** This runtime must not serve another execution, whatever its key. */
    private boolean spent;

    /** How the event loop phase of an execution ended. */
    private enum Loop { SETTLED, UNSETTLED, STOPPED }

    NodeSession(V8Host host, IsolateSession.Limits limits, Watchdog watchdog, EngineEvents events)
            throws JavetException {
        this.host = host;
        this.limits = limits;
        this.events = events;
        this.terminator = new Terminator(watchdog, () -> runtime.terminateExecution());
        open();
    }

    /** A factory of Node.js sessions with these limits. */
    static Session.Factory factory(V8Host host, IsolateSession.Limits limits) {
        return (watchdog, events) -> new NodeSession(host, limits, watchdog, events);
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        long startNanos = System.nanoTime();
        ContextKey requestKey = request.key();
        try {
            if (spent || (dirty && !requestKey.equals(key))) {
                replace();
            }
            key = requestKey;
            dirty = true;
            Ran results = run(request);
            return new ExecutionResult(results.json(), (System.nanoTime() - startNanos) / 1000, results.outcome());
        } catch (JavetException | RuntimeException e) {
            spent = true;
            key = null;
            return new ExecutionResult(ErrorTypes.results(request.resultCount(), ErrorTypes.INTERNAL,
                    "the runtime failed to run this execution: " + e.getMessage(), 0),
                    (System.nanoTime() - startNanos) / 1000, Outcome.INTERNAL_ERROR);
        }
    }

    @Override
    public void recycle(ContextKey next) throws JavetException {
        if (spent || (dirty && (next == null || !next.equals(key)))) {
            replace();
        }
    }

    @Override
    public boolean healthy() {
        return runtime != null && !runtime.isClosed() && !runtime.isDead();
    }

    private Ran run(ExecutionRequest request) throws JavetException {
        int count = request.resultCount();
        ScheduledFuture<?> deadline = terminator.start(request.timeoutMs());
        Ran results;
        try {
            node.invoke("begin", limits.bufferBytes(), limits.outputChars());
            UserCode.installModules(runtime, control, modules, COMPILED::add, events, request.modules());
            results = request.functionMode() ? runFunction(request) : runScript(request);
        } catch (JavetTerminatedException e) {
            results = null;
        } catch (JavetCompilationException e) {
            results = Ran.error(count, ErrorTypes.SYNTAX, UserCode.syntaxMessage(executor(request.code(), "user.js"), e));
        } catch (JavetExecutionException e) {
            results = terminator.termination() != Termination.NONE ? null : thrown(count, e);
        } finally {
            terminator.finish(deadline);
        }
        if (terminator.termination() != Termination.NONE || results == null) {
            return terminated(request, count);
        }
        return results;
    }

    private Ran runScript(ExecutionRequest request) throws JavetException {
        long started = System.nanoTime();
        try (V8Value value = executor(UserCode.block(request.code()), "user.js").execute()) {
            // The microtasks the script queued run before its value is taken, as they do in
            // engine v8 (where V8 runs them when the script returns): a microtask loop is the
            // script's own time, not a finished result followed by a timeout.
            node.invokeVoid("tick");
            node.invoke("script", value, (int) ((System.nanoTime() - started) / 1000));
        }
        return settle(1);
    }

    private Ran runFunction(ExecutionRequest request) throws JavetException {
        if (function == null) {
            V8Value value = executor(UserCode.block(request.code()), "user.js").execute();
            if (!(value instanceof V8ValueFunction fn)) {
                String got = value.getClass().getSimpleName().replace("V8Value", "").toLowerCase();
                value.close();
                spent = true; // the script ran and may have scheduled work
                return Ran.error(request.inputCount(), ErrorTypes.ERROR,
                        "with 'inputs', the completion value of 'code' must be a function; it was a "
                                + (got.isEmpty() ? "value" : got));
            }
            function = fn;
        }
        node.invoke("batch", function, request.inputsJson());
        return settle(request.inputCount());
    }

    /** Drives Node's tick queue and event loop until the results are in, then collects them. */
    private Ran settle(int count) throws JavetException {
        Loop loop = drive();
        if (terminator.termination() != Termination.NONE) {
            return null;
        }
        if (loop == Loop.STOPPED) {
            spent = true;
            String memory = node.invokeString("memoryExceeded");
            if (memory != null) {
                return Ran.error(count, ErrorTypes.MEMORY, memory);
            }
        }
        Ran results = Ran.fromPrelude(node.invokeString("collect", count));
        if (loop != Loop.SETTLED || node.invokeBoolean("leftovers")) {
            spent = true; // drop whatever the execution left on the loop with this runtime
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
            boolean alive = runtime.await(V8AwaitMode.RunOnce);
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

    private Ran thrown(int count, JavetExecutionException e) throws JavetException {
        spent = true; // a throw may leave the script half-run with work scheduled
        String exceeded = control.invokeString("bufferExceeded");
        if (exceeded == null) {
            exceeded = node.invokeString("memoryExceeded");
        }
        if (exceeded != null) {
            return Ran.error(count, ErrorTypes.MEMORY, exceeded);
        }
        String message = IsolateSession.thrownMessage(e.getScriptingError());
        return Ran.error(count, ENGINE_MEMORY_ERRORS.contains(message) ? ErrorTypes.MEMORY : ErrorTypes.ERROR,
                message);
    }

    /** Results after the engine ended the execution: finished ones stay, the rest get the typed error. */
    private Ran terminated(ExecutionRequest request, int count) {
        spent = true;
        Termination why = terminator.termination() == Termination.NONE ? Termination.ENGINE : terminator.termination();
        long limit = why == Termination.HEAP ? limits.heapMb() : request.timeoutMs();
        String message = String.format(why.messageFormat, limit);
        if (why == Termination.HEAP) {
            return Ran.error(count, why.type, message);
        }
        try {
            runtime.cancelTerminateExecution();
            return Ran.partial(control.invokeString("partial", count,
                    ErrorTypes.result(why.type, message, request.timeoutMs() * 1000L)), why.type);
        } catch (JavetException | RuntimeException e) {
            return Ran.error(count, why.type, message); // the runtime is replaced before its next use
        }
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
             V8ValueFunction prelude = executor(PRELUDE, "isopool:prelude").execute();
             V8ValueObject parts = prelude.call(null, limits.wasmPageCap(), limits.heapElementCap())) {
            control = parts.invoke("attach");
            node = attach.call(null, control);
        }
        key = null;
        dirty = false;
        spent = false;
    }

    private void replace() throws JavetException {
        closeRuntime();
        events.contextReset();
        open();
    }

    private void closeRuntime() throws JavetException {
        for (V8ValueObject m : modules.values()) {
            m.close();
        }
        modules.clear();
        for (V8Value handle : new V8Value[] {function, node, control}) {
            if (handle != null) {
                handle.close();
            }
        }
        function = null;
        node = null;
        control = null;
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

    @Override
    public void close() throws JavetException {
        closeRuntime();
    }
}
