package dev.isopool.runtime.engine;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.options.V8RuntimeOptions;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;

/**
 * The V8 startup snapshot the engine v8 starts every context from: a context in which
 * {@code prelude.js} already ran. V8 restores it in place of its own default context, so a fresh
 * context costs one deserialization instead of that plus compiling and running the prelude
 * (docs/benchmarks.md). Each restored context is a separate copy: nothing one context does
 * reaches the snapshot or another context.
 *
 * <p>No Java callback is bound into a context: creating one in every fresh context made V8 abort
 * the process within a few thousand resets (docs/limits.md).
 *
 * <p>The snapshot is taken once per process, by the first session that needs it, so it is taken
 * under the very flags every isolate restoring it runs with.
 */
final class PreludeSnapshot {
    private static final String PRELUDE = UserCode.resource("/isopool/prelude.js");
    /** Where a restored context holds the prelude's attach() until {@link #attach} calls it (which removes it). */
    private static final String GLOBAL_KEY = "__isopoolPrelude";

    private final V8Host host;
    private final IsolateSession.Limits limits;
    private byte[] blob;

    PreludeSnapshot(V8Host host, IsolateSession.Limits limits) {
        this.host = host;
        this.limits = limits;
    }

    /** A runtime (an isolate) whose contexts, the first and every reset one, start from the snapshot. */
    V8Runtime newRuntime() throws JavetException {
        V8RuntimeOptions options = new V8RuntimeOptions();
        options.setSnapshotBlob(blob());
        return host.createV8Runtime(options);
    }

    /**
     * Takes the prelude out of a context just restored from the snapshot, runs its per-context
     * part and returns its control object. Call it before any user code runs in the context.
     */
    static V8ValueObject attach(V8Runtime runtime) throws JavetException {
        try (V8ValueFunction attach = runtime.getGlobalObject().get(GLOBAL_KEY)) {
            return attach.call(null, GLOBAL_KEY);
        }
    }

    private synchronized byte[] blob() throws JavetException {
        if (blob == null) {
            blob = take();
        }
        return blob;
    }

    private byte[] take() throws JavetException {
        V8RuntimeOptions options = new V8RuntimeOptions();
        options.setCreateSnapshotEnabled(true);
        try (V8Runtime creator = host.createV8Runtime(options)) {
            try (V8ValueFunction prelude = creator.getExecutor(PRELUDE).setResourceName("isopool:prelude").execute();
                 V8ValueObject parts = prelude.call(null, limits.wasmPageCap(), limits.heapElementCap())) {
                warmUp(creator, parts);
                try (V8ValueFunction attach = parts.get("attach")) {
                    creator.getGlobalObject().set(GLOBAL_KEY, attach);
                }
            }
            // Every handle into the context is closed by now: V8 cannot snapshot a context that a
            // handle it does not know still points into.
            return creator.createSnapshot();
        }
    }

    /**
     * Runs the control object's hot paths once, so the snapshot holds their bytecode and no
     * restored context compiles them again. attach() is left alone: it changes globals that V8
     * only finishes installing after a restore (see prelude.js).
     */
    private void warmUp(V8Runtime creator, V8ValueObject parts) throws JavetException {
        try (V8ValueObject control = parts.get("control");
             V8ValueFunction identity = creator.getExecutor("(x) => x").execute()) {
            control.invoke("begin", limits.bufferBytes(), limits.outputChars());
            control.invoke("script", 0, 0);
            control.invokeString("collect", 1);
            control.invoke("batch", identity, "[[1],[\"a\"]]");
            control.invokeString("collect", 2);
            control.invokeString("partial", 1, "null");
            control.invoke("begin", limits.bufferBytes(), limits.outputChars()); // leave no results behind
        }
    }
}
