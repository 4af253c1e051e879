package dev.isopool.autoscaler;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * The pool-wide reading of one scrape: each signal's mean over the ready pods that answered (the HPA's mean of
 * per-pod metrics), empty when none did (for the parts of the slowdown: when none reported them); `sampledPods` is
 * how many answered.
 */
public record PoolReading(OptionalDouble eventLoopLagP99Ms, OptionalDouble workerSlowdown,
        OptionalDouble cpuContention, OptionalDouble codeSlowdown, OptionalDouble utilization, int sampledPods) {

    public static PoolReading of(PoolSample sample) {
        List<PodReading> answered = sample.pods().stream().filter(PodSample::answered)
                .map(p -> p.reading().orElseThrow()).toList();
        return new PoolReading(
                mean(answered, PodReading::eventLoopLagP99Ms),
                mean(answered, PodReading::workerSlowdown),
                mean(answered, PodReading::cpuContention),
                mean(answered, PodReading::codeSlowdown),
                mean(answered, PodReading::utilization),
                answered.size());
    }

    private static OptionalDouble mean(List<PodReading> answered, ToDoubleFunction<PodReading> signal) {
        return answered.stream().mapToDouble(signal).filter(Double::isFinite).average();
    }
}
