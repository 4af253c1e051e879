package dev.isopool.runtime.engine;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.options.V8RuntimeOptions;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import java.util.HashMap;
import java.util.Map;

/**
 * The V8 startup snapshot engine v8 starts every context from: a context in which
 * {@code prelude.js} already ran, its hot paths compiled. V8 restores it in place of its own
 * default context, so a fresh context costs one deserialization and the prelude's small
 * per-context part ({@code attach}) instead of deserializing the prelude's code cache, then
 * running it (docs/benchmarks.md). Each restored context is a separate copy: nothing one context
 * does reaches the snapshot or another context.
 *
 * <p>One snapshot per set of session limits (they are baked into the prelude), taken by the first
 * session that needs it, under the flags V8 already runs with (V8 refuses a snapshot taken under
 * other flags). No Java callback is bound into a context: creating one in every fresh context made
 * V8 abort the process within a few thousand resets (docs/limits.md).
 */
final class PreludeSnapshot {
    /** Where a restored context holds the prelude's attach() until {@link #attach} calls it (which removes it). */
    static final String SLOT = "__isopoolPrelude";
    private static final String ATTACH = SLOT + "('" + SLOT + "')";
    private static final Map<SessionLimits, byte[]> BLOBS = new HashMap<>();

    private PreludeSnapshot() {
    }

    /** A runtime (an isolate) whose contexts, the first and every reset one, start from the snapshot. */
    static V8Runtime newRuntime(V8Host host, SessionLimits limits) throws JavetException {
        V8RuntimeOptions options = new V8RuntimeOptions();
        options.setSnapshotBlob(blob(host, limits));
        return host.createV8Runtime(options);
    }

    /**
     * Runs the prelude's per-context part in a context just restored from the snapshot and returns
     * its control object, the first execution begun. Call it before any user code runs there.
     */
    static V8ValueObject attach(V8Runtime runtime) throws JavetException {
        // One script, one crossing (V8's compilation cache keeps it compiled), where fetching the
        // global, the function and calling it took five with the handles' closing.
        return runtime.getExecutor(ATTACH).execute();
    }

    private static byte[] blob(V8Host host, SessionLimits limits) throws JavetException {
        synchronized (BLOBS) {
            byte[] blob = BLOBS.get(limits);
            if (blob == null) {
                blob = take(host, limits);
                BLOBS.put(limits, blob);
            }
            return blob;
        }
    }

    private static byte[] take(V8Host host, SessionLimits limits) throws JavetException {
        V8RuntimeOptions options = new V8RuntimeOptions();
        options.setCreateSnapshotEnabled(true);
        try (V8Runtime creator = host.createV8Runtime(options)) {
            try (V8ValueFunction prelude = creator.getExecutor(AbstractSession.PRELUDE).setResourceName("isopool:prelude")
                    .execute();
                 V8ValueObject parts = prelude.call(null, AbstractSession.preludeArguments(limits, true, true))) {
                warmUp(creator, parts, limits);
                try (V8ValueFunction attach = parts.get("attach"); V8ValueObject global = creator.getGlobalObject()) {
                    global.set(SLOT, attach);
                }
            }
            // Every handle into the context is closed by now: V8 cannot snapshot a context that a
            // handle it does not know still points into.
            return creator.createSnapshot();
        }
    }

    /**
     * Runs the control object's hot paths and the console's plain path once, so the snapshot
     * holds their bytecode and no restored context compiles them. The console formatter
     * (format.js) is left out: a context that logs an object compiles it on first use, and one
     * that does not never pays for it. attach() is left alone: it changes globals V8 installs
     * only after a restore.
     */
    private static void warmUp(V8Runtime creator, V8ValueObject parts, SessionLimits limits) throws JavetException {
        try (V8ValueObject control = parts.get("control");
             V8ValueFunction identity = creator.getExecutor("(x) => x").execute()) {
            parts.invokeVoid("warmUp");
            control.invoke("begin", limits.bufferBytes(), limits.outputChars(), limits.logBytes());
            control.invokeString("scriptFinish", 0, 0, 0);
            control.invoke("begin", limits.bufferBytes(), limits.outputChars(), limits.logBytes());
            control.invokeString("inputs", "[[1],[\"a\"]]");
            control.invoke("batch", identity);
            control.invokeString("finish", 2, 0);
            control.invokeString("partial", 1, "null", 0, 0);
            // Leave no results, logs or timers behind: attach() begins each context's first execution.
            control.invoke("begin", limits.bufferBytes(), limits.outputChars(), limits.logBytes());
        }
    }
}
