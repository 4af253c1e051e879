package dev.isopool.bench;

import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.values.reference.V8ValueArrayBuffer;
import com.caoccao.javet.values.reference.V8ValueFunction;
import com.caoccao.javet.values.reference.V8ValueObject;
import dev.isopool.runtime.engine.V8Platform;
import dev.isopool.runtime.flags.NodeOptions;
import dev.isopool.runtime.flags.V8FlagTable;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * function) and then {@code hot(1, inner)} repeatedly (the hot functions); or, with an instance per
 * execution (the seeds' pattern), a new Instance, {@code kernel(1, 1)} and one {@code hot(1, inner)}
 * per execution. Prints one {@code result} line per worker and one {@code cpu} line per worker count
 * (the process' CPU time from the common start to the last worker's end, and from the moment every
 * worker had compiled: the workers' own threads plus V8's background compilation) for
 * {@link LiftoffBench} to read.
 */
final class LiftoffWorkers {
    /** Worker threads get the runtime's stack size (SandboxEngine's 16 MiB). */
    private static final long WORKER_STACK_BYTES = 16L << 20;
    private static final int WASM_PAGE_BYTES = 65_536;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** What one child runs. */
    record Plan(String nodeOptions, List<Integer> workerCounts, int functions, int opsPerFunction, int hotFunctions,
                int inner, int slices, long seed, boolean sharedModule, boolean instancePerExecution) {
    }

    /**
     * One worker's figures, in microseconds. A slice is one hot(1, inner) call, or with an instance per execution
     * one execution (new Instance, kernel(1, 1), hot(1, inner)); its CPU time is the worker thread's, which other
     * threads taking the cores do not inflate. afterCompileCpuUs: the worker thread's CPU time from the moment every
     * worker had compiled its module to its end.
     */
    record WorkerResult(int workers, int worker, long compileUs, long startUs, long hotUs, long totalUs,
                        long firstSliceUs, long lastSliceUs, long threadCpuUs, int checksum, long firstSliceCpuUs,
                        long lastSliceCpuUs, long peakSliceCpuUs, long afterCompileCpuUs) {

        String line() {
            return "result workers=" + workers + " worker=" + worker + " compileUs=" + compileUs
                    + " startUs=" + startUs + " hotUs=" + hotUs + " totalUs=" + totalUs
                    + " firstSliceUs=" + firstSliceUs + " lastSliceUs=" + lastSliceUs + " threadCpuUs=" + threadCpuUs
                    + " checksum=" + checksum + " firstSliceCpuUs=" + firstSliceCpuUs
                    + " lastSliceCpuUs=" + lastSliceCpuUs + " peakSliceCpuUs=" + peakSliceCpuUs
                    + " afterCompileCpuUs=" + afterCompileCpuUs;
        }
    }

    /**
     * The workers' results, the process' CPU time from their common start to the last one's end, and the CPU time of
     * V8's own threads from the moment every worker had compiled its module (-1 where /proc does not tell).
     */
    record Run(List<WorkerResult> workers, long processCpuUs, long v8ThreadsCpuAfterCompileUs) {
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
        runWorkers(host, List.of(small), 1, 2, 1, plan.instancePerExecution());
        int countIndex = 0;
        for (int workers : plan.workerCounts()) {
            List<WasmModuleGenerator.Module> modules = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                long seed = plan.seed() + 7_919L * countIndex + (plan.sharedModule() ? 0 : w + 1);
                modules.add(w > 0 && plan.sharedModule() ? modules.get(0) : WasmModuleGenerator.generate(
                        new WasmModuleGenerator.Spec(plan.functions(), plan.opsPerFunction(), plan.hotFunctions(), seed)));
            }
            Run run = runWorkers(host, modules, workers, plan.inner(), plan.slices(), plan.instancePerExecution());
            for (WorkerResult r : run.workers()) {
                out.println(r.line());
            }
            out.println("cpu workers=" + workers + " processCpuUs=" + run.processCpuUs()
                    + " v8ThreadsCpuAfterCompileUs=" + run.v8ThreadsCpuAfterCompileUs());
            out.flush();
            countIndex++;
            // Let the isolates' background work end before the next count starts.
            System.gc();
            Thread.sleep(300);
        }
    }

    private static Run runWorkers(V8Host host, List<WasmModuleGenerator.Module> modules, int workers, int inner,
                                  int slices, boolean instancePerExecution) throws Exception {
        AtomicLong cpuAtStart = new AtomicLong();
        AtomicLong cpuAtCompiled = new AtomicLong();
        CyclicBarrier start = new CyclicBarrier(workers, () -> cpuAtStart.set(processCpuNanos()));
        CyclicBarrier compiled = new CyclicBarrier(workers, () -> cpuAtCompiled.set(v8ThreadsCpuNanos()));
        WorkerResult[] results = new WorkerResult[workers];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int index = w;
            byte[] bytes = modules.get(w).bytes();
            Thread t = new Thread(null, () -> {
                try {
                    results[index] = work(host, bytes, workers, index, new Barriers(start, compiled), inner, slices,
                            instancePerExecution);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    start.reset(); // release the others instead of leaving them at a barrier
                    compiled.reset();
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
        long end = processCpuNanos();
        long v8End = v8ThreadsCpuNanos();
        if (failure.get() != null) {
            throw new IllegalStateException("a worker failed: " + failure.get(), failure.get());
        }
        return new Run(List.of(results), micros(end - cpuAtStart.get()),
                v8End < 0 || cpuAtCompiled.get() < 0 ? -1 : micros(v8End - cpuAtCompiled.get()));
    }

    /** Where the workers meet: before they compile, and once every one has compiled its module. */
    private record Barriers(CyclicBarrier start, CyclicBarrier compiled) {
    }

    /**
     * The CPU time so far of V8's own threads in this process: those its platform starts (named "V8 DefaultWorker",
     * cut to 15 characters by Linux), which compile WebAssembly in the background (tier-up, eager compilation) and
     * help the GC. Read from /proc/self/task/TID/schedstat (nanoseconds on the CPU), so that the JVM's own threads
     * (its JIT compilers, GC) do not count; -1 where /proc does not tell.
     */
    static long v8ThreadsCpuNanos() {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (isV8Thread(Files.readString(task.resolve("comm")))) {
                        sum += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split("\\s+")[0]);
                    }
                } catch (IOException e) {
                    // the thread ended while the directory was read (ENOENT, or ESRCH while it exits)
                }
            }
            return sum;
        } catch (IOException | DirectoryIteratorException | NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a thread's name (its /proc comm) is one of V8's platform threads. */
    static boolean isV8Thread(String comm) {
        return comm.startsWith("V8 ");
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report its process CPU time");
    }

    private static WorkerResult work(V8Host host, byte[] bytes, int workers, int index, Barriers barriers,
                                     int inner, int slices, boolean instancePerExecution) throws Exception {
        try (V8Runtime runtime = host.createV8Runtime()) {
            try (V8ValueObject global = runtime.getGlobalObject();
                 V8ValueArrayBuffer buffer = runtime.createV8ValueArrayBuffer(bytes.length)) {
                buffer.fromBytes(bytes);
                global.set("wasmBytes", buffer);
            }
            barriers.start().await(5, TimeUnit.MINUTES);
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            runtime.getExecutor("globalThis.wasmModule = new WebAssembly.Module(wasmBytes); undefined").executeVoid();
            long t1 = System.nanoTime();
            long compileCpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            // The time spent waiting here for the others to compile is no worker's work: it is left out of total.
            barriers.compiled().await(30, TimeUnit.MINUTES);
            long cpu1 = THREADS.getCurrentThreadCpuTime();
            long t1b = System.nanoTime();
            Slices s = instancePerExecution ? executions(runtime, inner, slices) : longLived(runtime, inner, slices);
            long t3 = System.nanoTime();
            long afterCpu = THREADS.getCurrentThreadCpuTime() - cpu1;
            return new WorkerResult(workers, index, micros(t1 - t0), micros(s.startNanos()), micros(s.hotNanos()),
                    micros(t1 - t0) + micros(t3 - t1b), micros(s.firstWall()), micros(s.lastWall()),
                    micros(compileCpu + afterCpu), s.checksum(), micros(s.firstCpu()), micros(s.lastCpu()),
                    micros(s.peakCpu()), micros(afterCpu));
        }
    }

    /**
     * What a worker did after compiling: start-up and hot time, and the first, last and fastest slice (wall clock
     * and the worker thread's CPU time).
     */
    record Slices(long startNanos, long hotNanos, long firstWall, long lastWall, long firstCpu, long lastCpu,
                  long peakCpu, int checksum) {
    }

    /** Accumulates slices as they are timed. */
    private static final class SliceClock {
        private long firstWall;
        private long lastWall;
        private long firstCpu;
        private long lastCpu;
        private long peakCpu = Long.MAX_VALUE;
        private int count;

        void add(long wall, long cpu) {
            if (count++ == 0) {
                firstWall = wall;
                firstCpu = cpu;
            }
            lastWall = wall;
            lastCpu = cpu;
            peakCpu = Math.min(peakCpu, cpu);
        }

        Slices slices(long startNanos, long hotNanos, int checksum) {
            return new Slices(startNanos, hotNanos, firstWall, lastWall, firstCpu, lastCpu,
                    count == 0 ? 0 : peakCpu, checksum);
        }
    }

    /** The runtime's own pattern: one instance, kernel(1, 1) once, then hot(1, inner) slices times. */
    private static Slices longLived(V8Runtime runtime, int inner, int slices) throws Exception {
        long t1 = System.nanoTime();
        try (V8ValueObject exports = runtime.getExecutor("new WebAssembly.Instance(wasmModule, {}).exports").execute();
             V8ValueFunction kernel = exports.get(WasmModuleGenerator.KERNEL);
             V8ValueFunction hot = exports.get(WasmModuleGenerator.HOT)) {
            int checksum = kernel.callInteger(null, 1, 1);
            long t2 = System.nanoTime();
            SliceClock clock = new SliceClock();
            for (int s = 0; s < slices; s++) {
                long cpu = THREADS.getCurrentThreadCpuTime();
                long before = System.nanoTime();
                checksum = checksum * 31 + hot.callInteger(null, 1, inner);
                clock.add(System.nanoTime() - before, THREADS.getCurrentThreadCpuTime() - cpu);
            }
            return clock.slices(t2 - t1, System.nanoTime() - t2, checksum);
        }
    }

    /**
     * The seeds' pattern (QuickJS compiled to WebAssembly, instantiated afresh for every execution): slices times,
     * a new Instance of the compiled module, kernel(1, 1) (its start-up) and one hot(1, inner) (the short run).
     */
    private static Slices executions(V8Runtime runtime, int inner, int slices) throws Exception {
        long startNanos = 0;
        long hotNanos = 0;
        int checksum = 0;
        SliceClock clock = new SliceClock();
        for (int s = 0; s < slices; s++) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long before = System.nanoTime();
            try (V8ValueObject exports = runtime.getExecutor(
                    "new WebAssembly.Instance(wasmModule, {}).exports").execute();
                 V8ValueFunction kernel = exports.get(WasmModuleGenerator.KERNEL);
                 V8ValueFunction hot = exports.get(WasmModuleGenerator.HOT)) {
                checksum = checksum * 31 + kernel.callInteger(null, 1, 1);
                long started = System.nanoTime();
                checksum = checksum * 31 + hot.callInteger(null, 1, inner);
                long end = System.nanoTime();
                startNanos += started - before;
                hotNanos += end - started;
                clock.add(end - before, THREADS.getCurrentThreadCpuTime() - cpu);
            }
        }
        return clock.slices(startNanos, hotNanos, checksum);
    }

    private static long micros(long nanos) {
        return nanos / 1000;
    }
}
