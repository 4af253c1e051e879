package dev.isopool.runtime.api;

import dev.isopool.runtime.engine.Outcome;
import dev.isopool.runtime.engine.SandboxEngine;
import dev.isopool.runtime.signals.Health;
import dev.isopool.runtime.signals.PodSignals;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics at {@code /q/metrics}, all named {@code isopool_*}: executions by outcome,
 * rejections, context resets, memory-limit hits, and the signals (lag, slowdown, utilization,
 * queue depth, health) as gauges. Durations and compile times are {@link ExecutionTimers}; the
 * per-tenant metrics are {@link TenantMetrics}.
 */
@Singleton
public class RuntimeMetrics {
    @Inject
    MeterRegistry registry;
    @Inject
    PodSignals pod;
    @Inject
    SignalsService signals;
    @Inject
    SandboxEngine engine;

    void bind(@Observes StartupEvent event) {
        for (Outcome outcome : Outcome.values()) {
            FunctionCounter.builder("isopool.executions", pod, p -> p.total(outcome))
                    .description("Requests run, by outcome (the most severe of their results)")
                    .tag("outcome", outcome.label)
                    .register(registry);
        }
        FunctionCounter.builder("isopool.rejected", pod, PodSignals::rejectedTotal)
                .description("Requests refused with 429: the pod's queue or the tenant's share was full "
                        + "(by reason and tenant: isopool_tenant_rejected_total)").register(registry);
        FunctionCounter.builder("isopool.context.resets", pod, PodSignals::contextResetsTotal)
                .description("Contexts replaced by fresh ones").register(registry);
        FunctionCounter.builder("isopool.memory.limit.hits", pod, p -> p.total(Outcome.MEMORY_LIMIT))
                .description("Requests ended by a memory limit").register(registry);
        gauge("isopool.event.loop.lag.p99", "milliseconds", "Event-loop lag p99 over the window",
                s -> s.current().eventLoopLagP99Ms());
        gauge("isopool.worker.slowdown", null, "CPU contention x code slowdown over the window",
                s -> s.current().workerSlowdown());
        gauge("isopool.cpu.contention", null, "Wall time the workers ran code over the CPU time they got for it",
                s -> s.current().cpuContention());
        gauge("isopool.code.slowdown", null, "Canary CPU time over its idle baseline (median over the window)",
                s -> s.current().codeSlowdown());
        gauge("isopool.utilization", null, "Busy worker time over worker time in the window",
                s -> s.current().utilization());
        Gauge.builder("isopool.queue.depth", engine, e -> e.load().queueDepth())
                .description("Executions waiting for a worker").register(registry);
        Gauge.builder("isopool.inflight", engine, e -> e.load().inflight())
                .description("Executions running on a worker").register(registry);
        Gauge.builder("isopool.workers", engine, e -> e.settings().workers())
                .description("Worker threads, one isolate each").register(registry);
        for (Health health : Health.values()) {
            gauge("isopool.health", null, "1 for the pod's current health classification",
                    s -> s.current().health() == health ? 1 : 0, "state", health.name());
        }
    }

    private void gauge(String name, String unit, String description, ToDoubleFunction<SignalsService> value,
            String... tags) {
        Gauge.builder(name, signals, value).description(description).baseUnit(unit).tags(tags).register(registry);
    }
}
