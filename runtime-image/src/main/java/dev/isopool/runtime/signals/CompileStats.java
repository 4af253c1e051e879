package dev.isopool.runtime.signals;

/** Statistics of recent WebAssembly compiles, in milliseconds; all zero when there were none. */
public record CompileStats(int count, double meanMs, double minMs, double maxMs, double p99Ms) {
    public static final CompileStats NONE = new CompileStats(0, 0, 0, 0, 0);
}
