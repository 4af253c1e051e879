package dev.isopool.runtime.engine;

import com.caoccao.javet.exceptions.JavetCompilationException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.exceptions.JavetExecutionException;
import com.caoccao.javet.exceptions.JavetScriptingError;
import com.caoccao.javet.exceptions.JavetTerminatedException;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.executors.IV8Executor;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * What the sessions of both engines do alike: an execution goes execute, run, classify what it
 * threw or why the engine ended it, and renew a context it left unusable. A subclass supplies its
 * runtime, how a fresh context is made, and how results come in once the user's code returned.
 *
 * <p>A context serves executions of one {@link ContextKey} only; before it serves another key it
 * is renewed, which is where tenants and codes are kept apart. Renewing is left to
 * {@link #recycle}, after the answer, whenever it can be.
 */
abstract class AbstractSession implements Session {
    static final String PRELUDE = UserCode.script("prelude.js");

    protected final SessionLimits limits;
    protected final EngineEvents events;
    protected final Terminator terminator;
    private final CompiledModules compiled;
    /** The module objects of the current context, by SHA-256; they die with it. */
    private final Map<String, V8ValueObject> modules = new HashMap<>();
    /** prelude.js's control object in the current context (set by {@link #freshContext}). */
    protected V8ValueObject control;
    private V8ValueFunction function;
    private ContextKey key;
    /** Some execution ran in this context. */
    private boolean dirty;
    /** The prelude began the context's first execution itself ({@link #preludeBegins}); the host need not. */
    private boolean begun;
    /** This context must not serve another execution, whatever its key. */
    private boolean spent;
    /** The current execution's start on the wall clock and on its thread's CPU clock, and its wall deadline. */
    private long startNanos;
    private long cpuStartedNanos;
    private long deadlineNanos;
    /** Wall time spent waiting (for a timer, a thread pool) since the worker last asked; its thread only. */
    private long waitedNanos;

    AbstractSession(SessionLimits limits, CompiledModules compiled, Watchdog watchdog, EngineEvents events) {
        this.limits = limits;
        this.compiled = compiled;
        this.events = events;
        // Reads the runtime at the time of asking: engine node replaces its runtime.
        this.terminator = new Terminator(watchdog, () -> runtime().terminateExecution());
    }

    // ---- what differs between the engines

    /** The runtime the current context lives in (null while it is being replaced). */
    protected abstract V8Runtime runtime();

    /** An executor of the user's code, named {@code user.js} in stack traces. */
    protected abstract IV8Executor executor(String code) throws JavetException;

    /** Makes a fresh context with the preludes run in it and sets {@link #control}; handles are closed. */
    protected abstract void freshContext() throws JavetException;

    /** Closes the runtime itself; the context's handles are closed already. */
    protected abstract void closeRuntime() throws JavetException;

    /** The results once the user's code has returned, or null when the engine ended it meanwhile. */
    protected abstract Ran results(int count) throws JavetException;

    /** True where the host runs the context's timers (prelude.js defines them): engine v8. */
    protected abstract boolean hostTimers();

    /**
     * True when work the user's code schedules outlives its script (Node's event loop): a script
     * that fails half-way then spends the context, since that work may still run.
     */
    protected abstract boolean scheduledWorkOutlivesScript();

    /** True where the prelude's own {@code begin} is all a fresh context's first execution needs (engine v8). */
    protected boolean preludeBegins() {
        return false;
    }

    /** What the host drives an execution through ({@code begin}, {@code script}, {@code batch}). */
    protected V8ValueObject driver() {
        return control;
    }

    /** Hands the prelude a script's completion value, which took elapsedUs, and returns its result once settled. */
    protected Ran scriptResults(V8Value value, int elapsedUs) throws JavetException {
        driver().invokeVoid("script", value, elapsedUs);
        return results(1);
    }

    /** Called when the script has returned, before its value is taken. */
    protected void scriptReturned() throws JavetException {
    }

    /** A memory limit the preludes saw the user's code reach, or null. */
    protected String memoryExceeded() throws JavetException {
        return control.invokeString("bufferExceeded");
    }

    /** Called once the results of an execution the engine ended are read; the context is spent. */
    protected void terminationHandled(Termination why) throws JavetException {
    }

    /** Called after every answer once the context for the next execution is ready, on the worker's thread. */
    protected void betweenExecutions() throws JavetException {
    }

    /** Closes handles of the current context that the subclass holds itself. */
    protected void closeOwnHandles() throws JavetException {
    }

    // ---- the skeleton

    @Override
    public final ExecutionResult execute(ExecutionRequest request) {
        startNanos = System.nanoTime();
        cpuStartedNanos = ThreadCpuClock.nanos();
        deadlineNanos = startNanos + request.timeoutMs() * 1_000_000L;
        try {
            if (mustRenewFor(request.key())) {
                renew();
            }
            key = request.key();
            dirty = true;
            return result(run(request));
        } catch (JavetException | RuntimeException e) {
            spent = true;
            key = null;
            return result(error(request.resultCount(), ErrorTypes.INTERNAL,
                    "the runtime failed to run this execution: " + e.getMessage()));
        }
    }

    @Override
    public final long takeWaitedNanos() {
        long waited = waitedNanos;
        waitedNanos = 0;
        return waited;
    }

    /** Prepares a fresh context unless the next request can reuse this one, then lets the engine tidy up. */
    @Override
    public final void recycle(ContextKey next) throws JavetException {
        if (mustRenewFor(next)) {
            renew();
        }
        betweenExecutions();
    }

    @Override
    public boolean healthy() {
        V8Runtime runtime = runtime();
        return runtime != null && !runtime.isClosed() && !runtime.isDead();
    }

    @Override
    public final void close() throws JavetException {
        closeContextHandles();
        closeRuntime();
    }

    /** This context must not serve another execution. */
    protected final void spend() {
        spent = true;
    }

    /** The current execution waited this long for a timer or a thread pool rather than running. */
    protected final void waited(long nanos) {
        waitedNanos += nanos;
    }

    /** When the current execution's wall time runs out ({@link System#nanoTime()}). */
    protected final long deadlineNanos() {
        return deadlineNanos;
    }

    /** CPU time the current execution's thread used so far, in microseconds (0 where unknown). */
    protected final long cpuUs() {
        long now = ThreadCpuClock.nanos();
        return cpuStartedNanos < 0 || now < 0 ? 0 : (now - cpuStartedNanos) / 1000;
    }

    /** Every one of {@code count} results is this typed error, with the execution's times so far. */
    protected final Ran error(int count, String type, String message) {
        return Ran.error(count, type, message, (System.nanoTime() - startNanos) / 1000, cpuUs());
    }

    /** Replaces the context with a fresh one now. */
    protected final void renew() throws JavetException {
        closeContextHandles();
        freshContext();
        events.contextReset();
        key = null;
        dirty = false;
        spent = false;
        begun = preludeBegins();
    }

    /**
     * Runs the prelude's outer function in the current context, which begins the first execution
     * under the session's limits; returns its control object.
     */
    protected final V8ValueObject runPrelude(V8ValueFunction prelude) throws JavetException {
        return prelude.call(null, preludeArguments(limits, hostTimers(), false));
    }

    /** The prelude's arguments (prelude.js says what each is). */
    static Object[] preludeArguments(SessionLimits limits, boolean hostTimers, boolean forSnapshot) {
        return new Object[] {limits.wasmPageCap(), limits.heapElementCap(), EngineMemoryErrors.json(), hostTimers,
                limits.bufferBytes(), limits.outputChars(), limits.logBytes(), forSnapshot};
    }

    private boolean mustRenewFor(ContextKey next) {
        return spent || (dirty && (next == null || !next.equals(key)));
    }

    private ExecutionResult result(Ran ran) {
        return new ExecutionResult(ran.json(), (System.nanoTime() - startNanos) / 1000, cpuUs(), ran.outcome());
    }

    private Ran run(ExecutionRequest request) throws JavetException {
        int count = request.resultCount();
        ScheduledFuture<?> deadline = terminator.start(request.timeoutMs(), request.cpuMs());
        Ran results;
        try {
            if (!begun) {
                driver().invoke("begin", limits.bufferBytes(), limits.outputChars(), limits.logBytes());
            }
            begun = false;
            UserCode.installModules(runtime(), control, modules, compiled::firstCompile, events, request.modules());
            results = request.functionMode() ? runFunction(request) : runScript(request);
        } catch (JavetTerminatedException e) {
            results = null;
        } catch (JavetCompilationException e) {
            results = error(count, ErrorTypes.SYNTAX, UserCode.syntaxMessage(executor(request.code()), e));
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
        try (V8Value value = executor(UserCode.block(request.code())).execute()) {
            scriptReturned();
            return scriptResults(value, (int) ((System.nanoTime() - started) / 1000));
        }
    }

    private Ran runFunction(ExecutionRequest request) throws JavetException {
        // The inputs are parsed before the code runs: a request whose inputs are not JSON runs nothing.
        String malformed = driver().invokeString("inputs", request.inputsJson());
        if (!malformed.isEmpty()) {
            return Ran.malformed("the body is not valid JSON: 'inputs' " + malformed);
        }
        if (function == null) {
            V8Value value = executor(UserCode.block(request.code())).execute();
            if (!(value instanceof V8ValueFunction fn)) {
                String got = describe(value);
                value.close();
                if (scheduledWorkOutlivesScript()) {
                    spent = true; // the script ran and may have scheduled work
                }
                return error(request.inputCount(), ErrorTypes.ERROR,
                        "with 'inputs', the completion value of 'code' must be a function; it was " + got);
            }
            function = fn;
        }
        driver().invoke("batch", function);
        return results(request.inputCount());
    }

    /** What the user's code threw, as a typed error. */
    private Ran thrown(int count, JavetExecutionException e) throws JavetException {
        if (scheduledWorkOutlivesScript()) {
            spent = true; // a throw may leave the script half-run with work scheduled
        }
        String exceeded = memoryExceeded();
        if (exceeded != null) {
            return error(count, ErrorTypes.MEMORY, exceeded);
        }
        String message = thrownMessage(e.getScriptingError());
        return error(count, EngineMemoryErrors.matches(message) ? ErrorTypes.MEMORY : ErrorTypes.ERROR, message);
    }

    /** "TypeError: message" for errors, the value itself for anything else thrown. */
    private static String thrownMessage(JavetScriptingError error) {
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
        spent = true; // a terminated context may hold half-finished state; never reuse it
        Termination why = terminator.termination() == Termination.NONE ? Termination.ENGINE : terminator.termination();
        int limit = switch (why) {
            case HEAP -> limits.heapMb();
            case CPU -> request.cpuMs();
            default -> request.timeoutMs();
        };
        String message = String.format(why.messageFormat, limit);
        Ran results = why == Termination.HEAP ? error(count, why.type, message) : partial(count, why, message);
        terminationHandled(why);
        return results;
    }

    /** The results (and console output) that finished before the termination; the others get its typed error. */
    private Ran partial(int count, Termination why, String message) {
        try {
            runtime().cancelTerminateExecution();
            return Ran.partial(control.invokeString("partial", count, ErrorTypes.body(why.type, message), cpuUs(),
                    (System.nanoTime() - startNanos) / 1000),
                    why.type);
        } catch (JavetException | RuntimeException e) {
            return error(count, why.type, message); // the context is renewed before its next use
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
        closeOwnHandles();
        if (control != null) {
            control.close();
            control = null;
        }
    }

    private static String describe(V8Value value) {
        String name = value.getClass().getSimpleName().replace("V8Value", "");
        return name.isEmpty() ? "a value" : "a " + name.toLowerCase();
    }
}
