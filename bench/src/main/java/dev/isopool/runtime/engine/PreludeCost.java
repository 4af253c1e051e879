package dev.isopool.runtime.engine;

import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.V8ScriptOrigin;
import com.caoccao.javet.values.reference.V8Script;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fresh context per execution on one thread, with no engine, queue or HTTP around it: V8's
 * {@code resetContext()} and the seed workload alone (the floor), then with the prelude as the
 * runtime runs it (restored from its snapshot, then attached), and as it ran before the snapshot
 * (from its code cache, with and without {@code format.js}, the console formatter). Thread CPU per execution, variants alternating in blocks. In the runtime's package to use
 * the prelude as the sessions build it; nothing of the bench ships.
 */
public final class PreludeCost {
    private static final int BLOCK = 50;
    public static final String FLOOR = "floor: resetContext + workload, no prelude";
    public static final String CODE_CACHE_WITHOUT_FORMAT = "+ prelude from its code cache, without format.js (before the snapshot)";
    public static final String CODE_CACHE = "+ prelude from its code cache (before the snapshot)";
    public static final String SNAPSHOT = "+ prelude snapshot: restore + attach (as shipped)";

    private PreludeCost() {
    }

    /** Median thread CPU per execution in microseconds, by variant name. */
    public static Map<String, Double> measure(V8Host host, String seedScript, int executions, int rounds) throws Exception {
        String full = AbstractSession.PRELUDE;
        String withoutFormat = UserCode.resource("/isopool/prelude.js");
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put(FLOOR, null);
        variants.put(CODE_CACHE_WITHOUT_FORMAT, withoutFormat);
        variants.put(CODE_CACHE, full);
        Map<String, double[]> perRound = new LinkedHashMap<>();
        SessionLimits limits = new SessionLimits(128, 128L << 20, 1 << 20, 65536, 1024);
        try (V8Runtime runtime = host.createV8Runtime(); V8Runtime restored = PreludeSnapshot.newRuntime(host, limits)) {
            Map<String, byte[]> caches = new LinkedHashMap<>();
            for (Map.Entry<String, String> v : variants.entrySet()) {
                if (v.getValue() != null) {
                    caches.put(v.getKey(), codeCache(runtime, v.getValue()));
                }
            }
            for (Map.Entry<String, String> v : variants.entrySet()) { // warm-up
                run(runtime, v.getValue(), caches.get(v.getKey()), seedScript, executions / 4);
            }
            runRestored(restored, seedScript, executions / 4);
            for (int r = 0; r < rounds; r++) {
                Map<String, Long> nanos = new LinkedHashMap<>();
                for (int done = 0; done < executions; done += BLOCK) {
                    for (Map.Entry<String, String> v : variants.entrySet()) {
                        nanos.merge(v.getKey(), run(runtime, v.getValue(), caches.get(v.getKey()), seedScript, BLOCK),
                                Long::sum);
                    }
                    nanos.merge(SNAPSHOT, runRestored(restored, seedScript, BLOCK), Long::sum);
                }
                int ran = (executions + BLOCK - 1) / BLOCK * BLOCK;
                int round = r;
                nanos.forEach((name, total) -> perRound.computeIfAbsent(name, k -> new double[rounds])[round]
                        = total / 1000.0 / ran);
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        perRound.forEach((name, values) -> {
            double[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            medians.put(name, sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2);
        });
        return medians;
    }

    /** Thread CPU nanoseconds of {@code n} fresh contexts, each with the prelude (when given) and the workload. */
    private static long run(V8Runtime runtime, String prelude, byte[] cache, String seedScript, int n) throws Exception {
        long started = ThreadCpuClock.nanos();
        for (int i = 0; i < n; i++) {
            runtime.resetContext();
            if (prelude != null) {
                try (V8Script script = runtime.compileV8Script(prelude, cache, new V8ScriptOrigin("isopool:prelude"), true);
                     V8ValueFunction fn = script.execute();
                     V8ValueObject control = fn.call(null, 1024, 1L << 24, EngineMemoryErrors.json(), true)) {
                    runtime.getExecutor(seedScript).executeInteger();
                }
            } else {
                runtime.getExecutor(seedScript).executeInteger();
            }
        }
        return ThreadCpuClock.nanos() - started;
    }

    /** Thread CPU nanoseconds of {@code n} contexts restored from the prelude snapshot, each attached, with the workload. */
    private static long runRestored(V8Runtime runtime, String seedScript, int n) throws Exception {
        long started = ThreadCpuClock.nanos();
        for (int i = 0; i < n; i++) {
            runtime.resetContext();
            try (V8ValueObject control = PreludeSnapshot.attach(runtime)) {
                runtime.getExecutor(seedScript).executeInteger();
            }
        }
        return ThreadCpuClock.nanos() - started;
    }

    private static byte[] codeCache(V8Runtime runtime, String prelude) throws Exception {
        runtime.resetContext();
        try (V8Script script = runtime.compileV8Script(prelude, null, new V8ScriptOrigin("isopool:prelude"), true);
             V8ValueFunction fn = script.execute();
             V8ValueObject control = fn.call(null, 1024, 1L << 24, EngineMemoryErrors.json(), true)) {
            return script.getCachedData();
        }
    }
}
