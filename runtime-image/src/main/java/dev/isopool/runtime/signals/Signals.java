package dev.isopool.runtime.signals;

import java.util.List;

/**
 * The body of {@code GET /v1/signals}, the operator's input (DESIGN.md). Counts
 * ({@code executions}, {@code rejected}, {@code timeouts}, {@code memoryLimitHits}) are over the
 * window, like the percentiles; running totals are in the Prometheus metrics.
 * {@code workerSlowdown} = {@code cpuContention} x {@code codeSlowdown}.
 */
public record Signals(
        int windowSeconds,
        int workers,
        double eventLoopLagP99Ms,
        double workerSlowdown,
        double cpuContention,
        double codeSlowdown,
        double utilization,
        int queueDepth,
        int inflight,
        long executions,
        long rejected,
        long timeouts,
        long memoryLimitHits,
        double wasmCompileP99Ms,
        Health health,
        String engine,
        List<String> v8Flags) {
}
