package dev.isopool.bench;

import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import dev.isopool.runtime.engine.V8Platform;
import dev.isopool.runtime.flags.RuntimeFlags;
import dev.isopool.runtime.flags.V8FlagTable;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * The floor under the runtime's isolated execution, for {@code ./isopool bench}: one thread, one
 * isolate, and per execution only what the isolation contract demands, Javet's
 * {@code resetContext()} (a fresh V8 context) and the seed workload in it. No prelude, no queue,
 * no HTTP. V8 runs with the flags the runtime would take from the same environment (its defaults,
 * {@code NODE_OPTIONS}, {@code ISOPOOL_V8_FLAGS}), so the figure is the runtime's own floor, and a
 * flag tried on the bench's runtime is tried on its floor too. Prints one {@code BENCH_RESULT}
 * line: executions per second, and CPU per execution of the thread and of the whole process (V8's
 * GC and compiler threads included, as the bench's server figure includes them).
 *
 * <p>Run: {@code java -cp bench/target/isopool-bench.jar dev.isopool.bench.JavetFloor [SECONDS] [WARMUP_SECONDS]}.
 */
public final class JavetFloor {
    private JavetFloor() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        double warmup = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        RuntimeFlags flags = RuntimeFlags.fromEnvironment(System.getenv(), V8FlagTable.bundled());
        V8Platform.start(flags.heapMb(), flags.allV8(), 1024);
        FloorInputs scripts = FloorInputs.of(500);
        try (V8Runtime runtime = V8Host.getV8Instance().createV8Runtime()) {
            loop(runtime, scripts, warmup);
            Figures f = loop(runtime, scripts, seconds);
            System.out.printf(Locale.ROOT, "BENCH_RESULT {\"executions\":%d,\"seconds\":%.3f,\"rps\":%.1f,"
                    + "\"threadCpuUs\":%.1f,\"cpuUsPerRequest\":%.1f}%n", f.executions, f.seconds(), f.rate(),
                    f.threadCpuUs(), f.processCpuUs());
        }
    }

    record Figures(long executions, long wallNanos, long threadCpuNanos, long processCpuNanos) {
        double seconds() {
            return wallNanos / 1e9;
        }

        double rate() {
            return executions / seconds();
        }

        double threadCpuUs() {
            return threadCpuNanos / 1000.0 / executions;
        }

        double processCpuUs() {
            return processCpuNanos / 1000.0 / executions;
        }
    }

    /** Fresh context, workload, for {@code seconds}; each script checked against its expected value. */
    static Figures loop(V8Runtime runtime, FloorInputs inputs, double seconds) throws Exception {
        long wallStart = System.nanoTime();
        long threadStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long processStart = processCpuNanos();
        long end = wallStart + (long) (seconds * 1e9);
        long n = 0;
        List<String> scripts = inputs.scripts();
        do {
            for (int i = 0; i < 50; i++, n++) {
                int at = (int) (n % scripts.size());
                runtime.resetContext();
                int got = runtime.getExecutor(scripts.get(at)).executeInteger();
                if (got != inputs.expected(at)) {
                    throw new IllegalStateException("the workload gave " + got + " instead of " + inputs.expected(at));
                }
            }
        } while (System.nanoTime() < end);
        return new Figures(n, System.nanoTime() - wallStart,
                ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadStart,
                processCpuNanos() - processStart);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
