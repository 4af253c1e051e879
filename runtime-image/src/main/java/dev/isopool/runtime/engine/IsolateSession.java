package dev.isopool.runtime.engine;

import com.caoccao.javet.exceptions.JavetCompilationException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.exceptions.JavetExecutionException;
import com.caoccao.javet.exceptions.JavetScriptingError;
import com.caoccao.javet.exceptions.JavetTerminatedException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.V8ScriptOrigin;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import com.caoccao.javet.values.reference.V8Script;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * One isolate and its current context, owned by one worker thread. A context serves executions
 * of one {@link ContextKey} only; before it serves another key it is replaced by a fresh one,
 * which is where tenants and codes are kept apart.
 */
final class IsolateSession implements Session {
    private static final String PRELUDE = UserCode.resource("/isopool/prelude.js");
    private static final V8ScriptOrigin PRELUDE_ORIGIN = new V8ScriptOrigin("isopool:prelude");
    private static final int COMPILED_MEMORY = 256;
    /** V8's RangeErrors for its own memory limits (the prelude keeps the same list). */
    private static final List<String> ENGINE_MEMORY_ERRORS = List.of("Maximum call stack size exceeded",
            "Invalid string length", "Invalid array length", "Array buffer allocation failed");

    private final V8Runtime runtime;
    private final Limits limits;
    private final EngineEvents events;
    /** Modules this isolate compiled before: later compiles hit V8's native module cache. */
    private final Map<String, Boolean> compiledBefore = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > COMPILED_MEMORY;
        }
    };
    private final Terminator terminator;
    private final Map<String, V8ValueObject> modules = new HashMap<>();
    private byte[] preludeCache;
    private V8ValueObject control;
    private V8ValueFunction function;
    private ContextKey key;
    private boolean dirty;

    /** Limits that hold for every execution in this session. */
    record Limits(int heapMb, long bufferBytes, int outputChars, int wasmPageCap) {
        /** The most elements any array can hold under the heap cap (8 bytes each at the least). */
        long heapElementCap() {
            return ((long) heapMb << 20) / 8;
        }
    }

    IsolateSession(V8Host host, Limits limits, Watchdog watchdog, EngineEvents events) throws JavetException {
        this.limits = limits;
        this.events = events;
        this.runtime = host.createV8Runtime();
        this.terminator = new Terminator(watchdog, runtime::terminateExecution);
        runtime.setNearHeapLimitCallback(terminator.heapGuard());
        installPrelude();
        reset(); // start from a context the warm-up has not touched
    }

    /** A factory of V8 sessions with these limits. */
    static Session.Factory factory(V8Host host, Limits limits) {
        return (watchdog, events) -> new IsolateSession(host, limits, watchdog, events);
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        long startNanos = System.nanoTime();
        ContextKey requestKey = request.key();
        try {
            if (dirty && !requestKey.equals(key)) {
                reset();
            }
            key = requestKey;
            dirty = true;
            Ran ran = run(request);
            return new ExecutionResult(ran.json(), (System.nanoTime() - startNanos) / 1000, ran.outcome());
        } catch (JavetException | RuntimeException e) {
            dirty = true;
            key = null;
            Ran failed = Ran.error(request.resultCount(), ErrorTypes.INTERNAL,
                    "the runtime failed to run this execution: " + e.getMessage());
            return new ExecutionResult(failed.json(), (System.nanoTime() - startNanos) / 1000, failed.outcome());
        }
    }

    /** Prepares a fresh context unless the next request can reuse this one. */
    @Override
    public void recycle(ContextKey next) throws JavetException {
        if (dirty && (next == null || !next.equals(key))) {
            reset();
        }
    }

    @Override
    public boolean healthy() {
        return !runtime.isClosed() && !runtime.isDead();
    }

    private Ran run(ExecutionRequest request) throws JavetException {
        int count = request.resultCount();
        ScheduledFuture<?> deadline = terminator.start(request.timeoutMs());
        Ran results;
        try {
            control.invoke("begin", limits.bufferBytes(), limits.outputChars());
            UserCode.installModules(runtime, control, modules, sha -> compiledBefore.put(sha, Boolean.TRUE) == null,
                    events, request.modules());
            if (request.functionMode()) {
                results = runFunction(request);
            } else {
                long started = System.nanoTime();
                try (V8Value value = runtime.getExecutor(UserCode.block(request.code())).setResourceName("user.js").execute()) {
                    control.invoke("script", value, (int) ((System.nanoTime() - started) / 1000));
                }
                results = Ran.fromPrelude(control.invokeString("collect", 1));
            }
        } catch (JavetTerminatedException e) {
            results = null;
        } catch (JavetCompilationException e) {
            results = Ran.error(count, ErrorTypes.SYNTAX,
                    UserCode.syntaxMessage(runtime.getExecutor(request.code()).setResourceName("user.js"), e));
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

    private Ran runFunction(ExecutionRequest request) throws JavetException {
        if (function == null) {
            V8Value value = runtime.getExecutor(UserCode.block(request.code())).setResourceName("user.js").execute();
            if (!(value instanceof V8ValueFunction fn)) {
                String got = describe(value);
                value.close();
                return Ran.error(request.inputCount(), ErrorTypes.ERROR,
                        "with 'inputs', the completion value of 'code' must be a function; it was " + got);
            }
            function = fn;
        }
        control.invoke("batch", function, request.inputsJson());
        return Ran.fromPrelude(control.invokeString("collect", request.inputCount()));
    }

    private Ran thrown(int count, JavetExecutionException e) throws JavetException {
        String exceeded = control.invokeString("bufferExceeded");
        if (exceeded != null) {
            return Ran.error(count, ErrorTypes.MEMORY, exceeded);
        }
        String message = thrownMessage(e.getScriptingError());
        for (String limit : ENGINE_MEMORY_ERRORS) {
            if (message.equals("RangeError: " + limit)) {
                return Ran.error(count, ErrorTypes.MEMORY, message);
            }
        }
        return Ran.error(count, ErrorTypes.ERROR, message);
    }

    /** "TypeError: message" for errors, the value itself for anything else thrown. */
    static String thrownMessage(JavetScriptingError error) {
        String message = error.getMessage();
        String stack = error.getStack();
        if (message != null && stack != null && stack.contains(message)) {
            return stack.substring(0, stack.indexOf(message)) + message;
        }
        if (message != null) {
            return message;
        }
        return String.valueOf(error.getContext());
    }

    /** Results after the engine ended the execution: finished ones stay, the rest get the typed error. */
    private Ran terminated(ExecutionRequest request, int count) throws JavetException {
        Termination why = terminator.termination() == Termination.NONE ? Termination.ENGINE : terminator.termination();
        runtime.cancelTerminateExecution();
        long limit = why == Termination.HEAP ? limits.heapMb() : request.timeoutMs();
        String message = String.format(why.messageFormat, limit);
        Ran results;
        if (why == Termination.HEAP) {
            results = Ran.error(count, why.type, message);
        } else {
            results = Ran.partial(control.invokeString("partial", count,
                    ErrorTypes.result(why.type, message, request.timeoutMs() * 1000L)), why.type);
        }
        reset(); // a terminated context may hold half-finished state; never reuse it
        if (why == Termination.HEAP) {
            restoreHeapLimit();
        }
        return results;
    }

    /** Unregisters the heap guard and registers a new one; V8 then restores the original limit. */
    private void restoreHeapLimit() {
        runtime.setNearHeapLimitCallback(null);
        runtime.setNearHeapLimitCallback(terminator.heapGuard());
    }

    private void reset() throws JavetException {
        closeContextHandles();
        runtime.resetContext();
        events.contextReset();
        installPrelude();
        key = null;
        dirty = false;
    }

    private void installPrelude() throws JavetException {
        // No Java callback is bound into the context: creating one in every fresh context made
        // V8 abort the process within a few thousand resets (docs/limits.md).
        try (V8Script script = runtime.compileV8Script(PRELUDE, preludeCache, PRELUDE_ORIGIN, true);
             V8ValueFunction prelude = script.execute();
             V8ValueObject parts = prelude.call(null, limits.wasmPageCap(), limits.heapElementCap())) {
            control = parts.invoke("attach");
            if (preludeCache == null) {
                // Exercise the control object once so the code cache holds its functions too; every
                // later context then skips parsing and compiling the prelude (about 1 ms each).
                control.invoke("begin", limits.bufferBytes(), limits.outputChars());
                control.invoke("script", 0, 0);
                control.invokeString("collect", 1);
                preludeCache = script.getCachedData();
                dirty = true;
            }
        }
    }

    private void closeContextHandles() throws JavetException {
        for (V8ValueObject m : modules.values()) {
            m.close();
        }
        modules.clear();
        if (function != null) {
            function.close();
            function = null;
        }
        if (control != null) {
            control.close();
            control = null;
        }
    }

    private static String describe(V8Value value) {
        String name = value.getClass().getSimpleName().replace("V8Value", "");
        return name.isEmpty() ? "a value" : "a " + name.toLowerCase();
    }

    @Override
    public void close() throws JavetException {
        closeContextHandles();
        runtime.close();
    }
}
