package dev.isopool.runtime.api;

import dev.isopool.runtime.engine.EngineEvents;
import dev.isopool.runtime.engine.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Duration histograms fed by the engine's events: {@code isopool_execution_duration_seconds} by
 * outcome and {@code isopool_wasm_compile_seconds}.
 */
@Singleton
public class ExecutionTimers implements EngineEvents {
    private final Map<Outcome, Timer> durations = new EnumMap<>(Outcome.class);
    private final Timer wasmCompile;

    @Inject
    public ExecutionTimers(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            durations.put(outcome, Timer.builder("isopool.execution.duration")
                    .description("Wall time of one request on a worker, by outcome")
                    .tag("outcome", outcome.label)
                    .publishPercentileHistogram()
                    .register(registry));
        }
        wasmCompile = Timer.builder("isopool.wasm.compile")
                .description("First compile of a WebAssembly module on a worker")
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void executed(Outcome outcome, long busyNanos) {
        durations.get(outcome).record(busyNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void wasmCompiled(long nanos) {
        wasmCompile.record(nanos, TimeUnit.NANOSECONDS);
    }
}
