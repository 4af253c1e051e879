package dev.isopool.runtime.engine;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.NodeRuntime;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.options.NodeFlags;
import com.caoccao.javet.interop.options.NodeRuntimeOptions;
import com.caoccao.javet.interop.options.V8Flags;
import dev.isopool.runtime.config.RuntimeSettings;
import dev.isopool.runtime.flags.InvalidFlagException;
import dev.isopool.runtime.flags.V8Flag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Engine {@code node}: applies V8 flags and Node.js options once per process, before the first
 * Node.js runtime exists, and verifies that both took effect. Javet's Node.js library embeds a V8
 * of its own ({@link NodeRuntimeOptions#V8_FLAGS}, apart from the {@code v8} engine's) and hands
 * {@link NodeRuntimeOptions#NODE_FLAGS} to Node.js as its command line when it loads.
 *
 * <p>Node.js also reads {@code NODE_OPTIONS} from the environment itself, and when that variable
 * holds a flag Node.js does not allow there it drops the variable and, silently, the whole command
 * line with it: the options below that keep the JVM alive would be gone. So with this engine
 * {@code NODE_OPTIONS} may hold only the V8 flags Node.js allows in it, and the start-up check
 * proves the options are in effect.
 */
public final class NodePlatform {
    private static final Logger LOG = Logger.getLogger(NodePlatform.class);
    private static final Object LOCK = new Object();
    /** libuv's own bounds for UV_THREADPOOL_SIZE. */
    static final int MAX_THREADPOOL_SIZE = 1024;
    static final int DEFAULT_THREADPOOL_SIZE = 4;
    /**
     * Node.js options the runtime depends on. Terminating a callback that runs on the event loop
     * (a runaway timer) leaves Node's async-context stack unbalanced, and with the checks on
     * Node.js then exits the process; a rejection nobody handles would end the process too.
     * Warnings would go to the JVM's stderr.
     */
    static final List<String> NODE_SAFETY_FLAGS = List.of("--no-force-async-hooks-checks",
            "--unhandled-rejections=none");
    /** The V8 flags Node.js accepts inside NODE_OPTIONS (Node.js 24, "NODE_OPTIONS" in its CLI docs). */
    static final Set<String> NODE_OPTIONS_V8_FLAGS = Set.of("disallow-code-generation-from-strings",
            "enable-etw-stack-walking", "huge-max-old-generation-size", "interpreted-frames-native-stack",
            "jitless", "max-old-space-size", "max-semi-space-size", "perf-basic-prof-only-functions",
            "perf-basic-prof", "perf-prof-unwinding-info", "perf-prof", "stack-trace-limit");
    private static EffectiveNode applied;

    private NodePlatform() {
    }

    /** What the Node.js engine runs with: the V8 flags as applied, and libuv's pool size. */
    public record EffectiveNode(V8Platform.EffectiveFlags flags, int threadpoolSize) {
    }

    /**
     * Applies the flags (heap cap, the runtime's safety flags, the user's V8 flags, the
     * WebAssembly page cap and the Node.js options) and verifies them on a Node.js runtime of its own.
     */
    public static EffectiveNode start(int heapMb, List<V8Flag> userFlags, int wasmPageCap, Map<String, String> env) {
        return start(heapMb, userFlags, List.of(), List.of(), wasmPageCap, env);
    }

    /**
     * As above, with the V8 flags of NODE_OPTIONS ({@code nodeOptionsFlags}, which Node.js reads
     * too and must accept there), those of ISOPOOL_V8_FLAGS ({@code runtimeFlags}, applied by the
     * runtime alone) and Node.js's own options from NODE_OPTIONS (reported; Node applies them).
     */
    public static EffectiveNode start(int heapMb, List<V8Flag> nodeOptionsFlags, List<V8Flag> runtimeFlags,
            List<String> nodeJsOptions, int wasmPageCap, Map<String, String> env) {
        checkNodeOptions(nodeOptionsFlags);
        int threadpoolSize = threadpoolSize(env.get("UV_THREADPOOL_SIZE"));
        List<String> custom = new ArrayList<>(V8Platform.SAFETY_FLAGS);
        nodeOptionsFlags.forEach(f -> custom.add(f.render()));
        runtimeFlags.forEach(f -> custom.add(f.render()));
        custom.add("--wasm-max-mem-pages=" + wasmPageCap);
        synchronized (LOCK) {
            V8Flags v8Flags = NodeRuntimeOptions.V8_FLAGS;
            NodeFlags nodeFlags = NodeRuntimeOptions.NODE_FLAGS;
            if (applied == null) {
                v8Flags.setMaxOldSpaceSize(heapMb);
                v8Flags.setCustomFlags(String.join(" ", custom));
                nodeFlags.setNoWarnings(true);
                nodeFlags.setCustomFlags(NODE_SAFETY_FLAGS.toArray(new String[0]));
                verify(V8Host.getNodeInstance(), heapMb, wasmPageCap);
                List<String> effective = new ArrayList<>(Arrays.asList(v8Flags.toString().trim().split("\\s+")));
                effective.addAll(Arrays.asList(nodeFlags.toArray()));
                effective.addAll(nodeJsOptions);
                applied = new EffectiveNode(new V8Platform.EffectiveFlags(heapMb, wasmPageCap, List.copyOf(effective)),
                        threadpoolSize);
                LOG.infof("Node.js started with flags: %s; UV_THREADPOOL_SIZE=%d", String.join(" ", effective),
                        threadpoolSize);
            } else if (v8Flags.getMaxOldSpaceSize() != heapMb || !String.join(" ", custom).equals(v8Flags.getCustomFlags())
                    || applied.threadpoolSize() != threadpoolSize) {
                throw new IllegalStateException("Node.js already runs with flags " + applied.flags().flags()
                        + "; flags cannot change inside one process");
            }
            return applied;
        }
    }

    /**
     * An engine of Node.js sessions (engine {@code node}); its canary runs on Node's V8 too, so
     * the slowdown it reports is this engine's. Call {@link #start} first.
     */
    public static SandboxEngine engine(RuntimeSettings settings, V8Platform.EffectiveFlags flags, EngineEvents events) {
        return SandboxEngine.of(settings, flags, events, V8Host.getNodeInstance(), NodeSession::new);
    }

    /** Refuses the V8 flags Node.js would not accept inside NODE_OPTIONS (see the class comment). */
    static void checkNodeOptions(List<V8Flag> userFlags) {
        List<String> refused = userFlags.stream().filter(f -> !NODE_OPTIONS_V8_FLAGS.contains(f.name()))
                .map(V8Flag::render).toList();
        if (!refused.isEmpty()) {
            throw new InvalidFlagException("NODE_OPTIONS: with ISOPOOL_ENGINE=node, Node.js reads NODE_OPTIONS itself"
                    + " and ignores it, together with the options the runtime needs to stay alive, when it holds a flag"
                    + " Node.js does not allow there: " + String.join(" ", refused) + ". Allowed with engine node: --"
                    + String.join(", --", NODE_OPTIONS_V8_FLAGS.stream().sorted().toList())
                    + "; pass other V8 flags in ISOPOOL_V8_FLAGS, which the runtime applies itself");
        }
    }

    /** libuv reads UV_THREADPOOL_SIZE itself; a value it would silently replace is an error here. */
    static int threadpoolSize(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_THREADPOOL_SIZE;
        }
        try {
            int size = Integer.parseInt(raw.trim());
            if (size >= 1 && size <= MAX_THREADPOOL_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("UV_THREADPOOL_SIZE must be an integer from 1 to " + MAX_THREADPOOL_SIZE
                + ", not '" + raw + "'");
    }

    /**
     * Proves the flags took effect: the heap limit follows the requested old-space size, the
     * WebAssembly page cap holds (the custom V8 flags were applied), and a rejection nobody
     * handles reaches no handler (the Node.js options were applied; without them it would reach
     * the capture callback set here instead of ending the process).
     */
    private static void verify(V8Host host, int heapMb, int wasmPageCap) {
        try (NodeRuntime runtime = host.createV8Runtime()) {
            runtime.setStopping(true);
            long limit = runtime.getV8HeapStatistics().get(10, TimeUnit.SECONDS).getHeapSizeLimit();
            long requested = (long) heapMb << 20;
            if (limit < requested || limit > requested * 4 + (64L << 20)) {
                throw new IllegalStateException("Node.js did not take --max-old-space-size=" + heapMb
                        + ": its heap limit is " + (limit >> 20) + " MiB");
            }
            boolean capped = runtime.getExecutor("(() => { try { new WebAssembly.Memory({ initial: " + (wasmPageCap + 1)
                    + " }); return false } catch (e) { return e instanceof RangeError } })()").executeBoolean();
            if (!capped) {
                throw new IllegalStateException("Node.js did not take the V8 flags " + NodeRuntimeOptions.V8_FLAGS
                        + ": a WebAssembly memory above the page cap was created");
            }
            runtime.getExecutor("globalThis.captured = false;"
                    + " process.setUncaughtExceptionCaptureCallback(() => { globalThis.captured = true });"
                    + " Promise.reject(new Error('isopool start-up check')); 0").executeVoid();
            runtime.await();
            if (runtime.getExecutor("globalThis.captured").executeBoolean()) {
                throw new IllegalStateException("Node.js ignored the runtime's options " + NODE_SAFETY_FLAGS
                        + " (did NODE_OPTIONS hold an option Node.js refuses there?); without them a runaway"
                        + " callback would end the JVM");
            }
        } catch (JavetException e) {
            throw new IllegalStateException("Node.js failed to start with the given flags: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Node.js flag verification failed: " + e.getMessage(), e);
        }
    }
}
