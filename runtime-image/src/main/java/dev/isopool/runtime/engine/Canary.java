package dev.isopool.runtime.engine;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.values.reference.V8ValueFunction;
import java.util.concurrent.TimeUnit;

/**
 * A fixed piece of work, a JavaScript loop and a small WebAssembly kernel, run on a worker thread
 * and measured in that thread's CPU time. Its CPU time on an idle pod is the baseline; its CPU
 * time while the pod runs, over the baseline, is the code slowdown: the same work got slower in
 * the engine itself (code left in a lower tier, deoptimization, GC pressure). Waiting for a core
 * is not in it: that is the CPU contention, measured over all the worker's work.
 *
 * <p>It runs in an isolate of its own, never in one that runs user code.
 */
final class Canary implements AutoCloseable {
    /** Iterations of each half; together about 4 ms on one core of the machines this was tuned on. */
    static final int JS_ITERATIONS = 250_000;
    static final int WASM_ITERATIONS = 700_000;
    /**
     * Warm-up before any timing: V8 optimizes the JavaScript half (Maglev) and tiers the
     * WebAssembly half up in the background after some runs, so a canary timed too early would
     * make a baseline slower than every later run.
     */
    private static final int WARM_UP_RUNS = 20;
    private static final long WARM_UP_NANOS = 300_000_000L;
    /** A baseline round at most this much faster than the best before it ends the measurement. */
    static final int SETTLED_PERCENT = 5;
    static final int BASELINE_MAX_MILLIS = 2_000;

    /**
     * The kernel. The module is hand-assembled: {@code spin(n)} folds n into an accumulator with a
     * multiply, add, shift and xor per step, the same arithmetic as the JavaScript half.
     */
    static final String SOURCE = """
            (() => {
              const bytes = new Uint8Array([
                0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,
                0x03, 0x02, 0x01, 0x00,
                0x07, 0x08, 0x01, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x00,
                0x0a, 0x24, 0x01, 0x22, 0x01, 0x01, 0x7f,
                0x03, 0x40,
                0x20, 0x01, 0x41, 0x1f, 0x6c, 0x20, 0x00, 0x6a,
                0x20, 0x01, 0x41, 0x03, 0x76, 0x73, 0x21, 0x01,
                0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00,
                0x0b, 0x20, 0x01, 0x0b]);
              // V8 has no WebAssembly with --jitless: the JavaScript half is then the whole canary.
              const spin = typeof WebAssembly === 'object'
                ? new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.spin : () => 0;
              const js = (n) => {
                let acc = 0;
                for (let i = n; i > 0; i--) acc = ((acc * 31 + i) | 0) ^ (acc >>> 3);
                return acc;
              };
              return (jsIterations, wasmIterations) => (js(jsIterations) ^ spin(wasmIterations)) | 0;
            })()
            """;

    private final V8Runtime runtime;
    private final V8ValueFunction kernel;

    Canary(V8Host host) throws JavetException {
        runtime = host.createV8Runtime();
        kernel = runtime.getExecutor(SOURCE).setResourceName("isopool:canary").execute();
        long started = System.nanoTime();
        for (int i = 0; i < WARM_UP_RUNS || System.nanoTime() - started < WARM_UP_NANOS; i++) {
            run();
        }
    }

    /**
     * The canary's CPU time at its best: the fastest of {@code runs} runs (caches shared with
     * other work and frequency scaling only slow a run down, so the minimum is the closest to the
     * engine's own cost), measured again while
     * the rounds keep getting faster by more than {@value #SETTLED_PERCENT}%, for at most
     * {@value #BASELINE_MAX_MILLIS} ms: at start-up the process boots on the same CPUs (class
     * loading, JIT compilation), and on a pod with one CPU that alone made the first round a
     * third slower than the canary on the booted, idle pod.
     */
    long baselineNanos(int runs) throws JavetException {
        long started = System.nanoTime();
        long fastest = Long.MAX_VALUE;
        while (true) {
            long round = Long.MAX_VALUE;
            for (int i = 0; i < runs; i++) {
                round = Math.min(round, cpuNanos());
            }
            boolean settled = fastest != Long.MAX_VALUE && round >= fastest * (1 - SETTLED_PERCENT / 100.0);
            fastest = Math.min(fastest, round);
            if (settled || System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(BASELINE_MAX_MILLIS)) {
                return fastest;
            }
        }
    }

    /** Runs the canary once and returns the CPU time its thread spent on it, in nanoseconds. */
    long cpuNanos() throws JavetException {
        long started = ThreadCpuClock.nanos();
        run();
        return ThreadCpuClock.nanos() - started;
    }

    private int run() throws JavetException {
        return kernel.callInteger(null, JS_ITERATIONS, WASM_ITERATIONS);
    }

    @Override
    public void close() throws JavetException {
        kernel.close();
        runtime.close();
    }
}
