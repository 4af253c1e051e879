package dev.isopool.runtime.engine;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.options.V8Flags;
import com.caoccao.javet.interop.options.V8RuntimeOptions;
import dev.isopool.runtime.config.RuntimeSettings;
import dev.isopool.runtime.flags.V8Flag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Applies V8 flags once per process, before the first isolate exists, and verifies them.
 * V8's flags are process-wide and ignored once an isolate exists, which is why this one piece of
 * state is static: a second call with other flags is an error rather than a silent no-op.
 */
public final class V8Platform {
    private static final Logger LOG = Logger.getLogger(V8Platform.class);
    private static final Object LOCK = new Object();
    private static List<String> applied;
    /**
     * Flags the runtime always sets. V8 14.7's TurboFan compiles a loop whose body only calls
     * certain builtins (`for (;;) x = new Array(64)`) without an interrupt check, so such a loop
     * ignores terminateExecution and a heap bomb built on it grows without end. Sparkplug and
     * Maglev keep the check. Covered by HostileInputTest ("builtin-only loop").
     */
    static final List<String> SAFETY_FLAGS = List.of("--no-turbofan");

    private V8Platform() {
    }

    /** The flags V8 runs with, as applied. */
    public record EffectiveFlags(int heapMb, int wasmPageCap, List<String> flags) {
    }

    /**
     * Applies the flags (heap cap, user flags, the WebAssembly page cap) and verifies that V8 took
     * them: the heap limit an isolate reports must follow the requested old-space size.
     */
    public static EffectiveFlags start(int heapMb, List<V8Flag> userFlags, int wasmPageCap) {
        List<String> custom = new ArrayList<>(SAFETY_FLAGS);
        userFlags.forEach(f -> custom.add(f.render()));
        custom.add("--wasm-max-mem-pages=" + wasmPageCap);
        synchronized (LOCK) {
            V8Flags flags = V8RuntimeOptions.V8_FLAGS;
            if (applied == null) {
                flags.setMaxOldSpaceSize(heapMb);
                flags.setCustomFlags(String.join(" ", custom));
                V8Host host = V8Host.getV8Instance();
                verifyHeap(host, heapMb);
                applied = List.copyOf(Arrays.asList(flags.toString().trim().split("\\s+")));
                LOG.infof("V8 started with flags: %s", String.join(" ", applied));
            } else if (flags.getMaxOldSpaceSize() != heapMb
                    || !String.join(" ", custom).equals(flags.getCustomFlags())) {
                throw new IllegalStateException("V8 already runs with flags " + applied
                        + "; flags cannot change inside one process");
            }
            return new EffectiveFlags(heapMb, wasmPageCap, applied);
        }
    }

    /** An engine of V8 isolates (engine {@code v8}). Call {@link #start} first. */
    public static SandboxEngine engine(RuntimeSettings settings, EffectiveFlags flags, EngineEvents events) {
        return SandboxEngine.of(settings, flags, events, V8Host.getV8Instance(), IsolateSession::new);
    }

    private static void verifyHeap(V8Host host, int heapMb) {
        try (V8Runtime runtime = host.createV8Runtime()) {
            long limit = runtime.getV8HeapStatistics().get(10, TimeUnit.SECONDS).getHeapSizeLimit();
            long requested = (long) heapMb << 20;
            // The limit covers old space plus the young generation, so it is at least the request.
            if (limit < requested || limit > requested * 4 + (64L << 20)) {
                throw new IllegalStateException("V8 did not take --max-old-space-size=" + heapMb
                        + ": its heap limit is " + (limit >> 20) + " MiB");
            }
        } catch (JavetException e) {
            throw new IllegalStateException("V8 failed to start with the given flags: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("V8 heap verification failed: " + e.getMessage(), e);
        }
    }
}
