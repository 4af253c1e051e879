package dev.isopool.bench;

import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.values.reference.V8ValueArrayBuffer;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import dev.isopool.runtime.engine.V8Platform;
import dev.isopool.runtime.flags.NodeOptions;
import dev.isopool.runtime.flags.V8FlagTable;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One flag configuration of the Liftoff benchmark, in its own process (V8's flags are fixed once
 * per process): starts V8 the way the runtime does (NODE_OPTIONS parsed by {@link NodeOptions},
 * applied by {@link V8Platform}), then for each worker count runs that many threads at once, each
 * with its own isolate, compiling its own generated module, calling {@code kernel(1, 1)} once (every
 * function) and then {@code hot(1, inner)} repeatedly (the hot functions). Prints one
 * {@code result} line per worker and one {@code cpu} line per worker count (the process' CPU time
 * from the common start to the last worker's end: the workers' own threads plus V8's background
 * compilation) for {@link LiftoffBench} to read.
 */
final class LiftoffWorkers {
    /** Worker threads get the runtime's stack size (SandboxEngine's 16 MiB). */
    private static final long WORKER_STACK_BYTES = 16L << 20;
    private static final int WASM_PAGE_BYTES = 65_536;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** What one child runs. */
    record Plan(String nodeOptions, List<Integer> workerCounts, int functions, int opsPerFunction, int hotFunctions,
                int inner, int slices, long seed, boolean sharedModule) {
    }

    /** One worker's figures, in microseconds. */
    record WorkerResult(int workers, int worker, long compileUs, long startUs, long hotUs, long totalUs,
                        long firstSliceUs, long lastSliceUs, long threadCpuUs, int checksum) {
        String line() {
            return "result workers=" + workers + " worker=" + worker + " compileUs=" + compileUs
                    + " startUs=" + startUs + " hotUs=" + hotUs + " totalUs=" + totalUs
                    + " firstSliceUs=" + firstSliceUs + " lastSliceUs=" + lastSliceUs + " threadCpuUs=" + threadCpuUs
                    + " checksum=" + checksum;
        }
    }

    /** The workers' results and the process' CPU time from their common start to the last one's end. */
    record Run(List<WorkerResult> workers, long processCpuUs) {
    }

    private LiftoffWorkers() {
    }

    static void run(Plan plan, PrintStream out) throws Exception {
        NodeOptions.Parsed parsed = NodeOptions.parse(plan.nodeOptions(), V8FlagTable.bundled());
        // The runtime's page cap for the default buffer budget (EngineProducer: half the budget).
        int wasmPageCap = (int) Math.max(1, ((long) parsed.heapMb() << 20) / 2 / WASM_PAGE_BYTES);
        V8Platform.EffectiveFlags flags = V8Platform.start(parsed.heapMb(), parsed.flags(), wasmPageCap);
        V8Host host = V8Host.getV8Instance();
        out.println("flags " + String.join(" ", flags.flags()));
        try (V8Runtime probe = host.createV8Runtime()) {
            out.println("v8 " + probe.getVersion());
        }
        // Warm-up: the first module of a process pays one-time costs that belong to no worker count.
        WasmModuleGenerator.Module small = WasmModuleGenerator.generate(
                new WasmModuleGenerator.Spec(50, 20, 5, plan.seed() ^ 0x5EED));
        runWorkers(host, List.of(small), 1, 2, 1);
        int countIndex = 0;
        for (int workers : plan.workerCounts()) {
            List<WasmModuleGenerator.Module> modules = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                long seed = plan.seed() + 7_919L * countIndex + (plan.sharedModule() ? 0 : w + 1);
                modules.add(w > 0 && plan.sharedModule() ? modules.get(0) : WasmModuleGenerator.generate(
                        new WasmModuleGenerator.Spec(plan.functions(), plan.opsPerFunction(), plan.hotFunctions(), seed)));
            }
            Run run = runWorkers(host, modules, workers, plan.inner(), plan.slices());
            for (WorkerResult r : run.workers()) {
                out.println(r.line());
            }
            out.println("cpu workers=" + workers + " processCpuUs=" + run.processCpuUs());
            out.flush();
            countIndex++;
            // Let the isolates' background work end before the next count starts.
            System.gc();
            Thread.sleep(300);
        }
    }

    private static Run runWorkers(V8Host host, List<WasmModuleGenerator.Module> modules, int workers, int inner,
                                  int slices) throws Exception {
        AtomicLong cpuAtStart = new AtomicLong();
        CyclicBarrier start = new CyclicBarrier(workers, () -> cpuAtStart.set(processCpuNanos()));
        WorkerResult[] results = new WorkerResult[workers];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int index = w;
            byte[] bytes = modules.get(w).bytes();
            Thread t = new Thread(null, () -> {
                try {
                    results[index] = work(host, bytes, workers, index, start, inner, slices);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    start.reset(); // release the others instead of leaving them at the barrier
                }
            }, "liftoff-worker-" + w, WORKER_STACK_BYTES);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(30));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not finish within 30 minutes");
            }
        }
        long cpu = processCpuNanos() - cpuAtStart.get();
        if (failure.get() != null) {
            throw new IllegalStateException("a worker failed: " + failure.get(), failure.get());
        }
        return new Run(List.of(results), micros(cpu));
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report its process CPU time");
    }

    private static WorkerResult work(V8Host host, byte[] bytes, int workers, int index, CyclicBarrier start,
                                     int inner, int slices) throws Exception {
        try (V8Runtime runtime = host.createV8Runtime()) {
            try (V8ValueObject global = runtime.getGlobalObject();
                 V8ValueArrayBuffer buffer = runtime.createV8ValueArrayBuffer(bytes.length)) {
                buffer.fromBytes(bytes);
                global.set("wasmBytes", buffer);
            }
            start.await(5, TimeUnit.MINUTES);
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            runtime.getExecutor("globalThis.wasmModule = new WebAssembly.Module(wasmBytes); undefined").executeVoid();
            long t1 = System.nanoTime();
            long firstSlice = 0;
            long lastSlice = 0;
            try (V8ValueObject exports = runtime.getExecutor(
                    "new WebAssembly.Instance(wasmModule, {}).exports").execute();
                 V8ValueFunction kernel = exports.get(WasmModuleGenerator.KERNEL);
                 V8ValueFunction hot = exports.get(WasmModuleGenerator.HOT)) {
                int checksum = kernel.callInteger(null, 1, 1);
                long t2 = System.nanoTime();
                for (int s = 0; s < slices; s++) {
                    long before = System.nanoTime();
                    checksum = checksum * 31 + hot.callInteger(null, 1, inner);
                    long took = System.nanoTime() - before;
                    if (s == 0) {
                        firstSlice = took;
                    }
                    lastSlice = took;
                }
                long t3 = System.nanoTime();
                long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
                return new WorkerResult(workers, index, micros(t1 - t0), micros(t2 - t1), micros(t3 - t2),
                        micros(t3 - t0), micros(firstSlice), micros(lastSlice), micros(cpu), checksum);
            }
        }
    }

    private static long micros(long nanos) {
        return nanos / 1000;
    }
}
