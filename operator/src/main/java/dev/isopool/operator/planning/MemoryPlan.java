package dev.isopool.operator.planning;

/**
 * The memory planning formula from the seeds: container memory = (JVM base + workers x (heapMb + 32 MiB isolate
 * overhead)) x 1.2.
 *
 * <p>The JVM base (default 256 MiB) covers the runtime's Java heap, metaspace, code cache, thread stacks and the
 * V8/Node native library Javet loads. The Java heap is capped at half of it ({@link #javaHeapMib()}), set through
 * `JAVA_TOOL_OPTIONS`: without a cap the JVM would size its heap from the container limit (25% by default), which
 * grows with the number of workers and takes memory the formula reserved for the isolates, whose heaps live
 * outside the Java heap. ArrayBuffer and WebAssembly memory are not counted by V8's heap cap; the 20% safety
 * margin is what absorbs them.
 */
public record MemoryPlan(long jvmBaseMib) {

    public static final long ISOLATE_OVERHEAD_MIB = 32;
    public static final double SAFETY_FACTOR = 1.2;
    public static final long DEFAULT_JVM_BASE_MIB = 256;

    public MemoryPlan {
        if (jvmBaseMib < 64) {
            throw new IllegalArgumentException("JVM base must be at least 64 MiB, got " + jvmBaseMib);
        }
    }

    /** What the pod needs with no margin: the JVM base plus every worker's isolate heap and overhead. */
    public long requiredMib(int workers, int heapMb) {
        return jvmBaseMib + (long) workers * (heapMb + ISOLATE_OVERHEAD_MIB);
    }

    /** The planned container memory: {@link #requiredMib} plus the 20% safety margin, rounded up. */
    public long plannedMib(int workers, int heapMb) {
        return (long) Math.ceil(requiredMib(workers, heapMb) * SAFETY_FACTOR);
    }

    /** Maximum Java heap of the runtime's JVM, in MiB. */
    public long javaHeapMib() {
        return jvmBaseMib / 2;
    }
}
