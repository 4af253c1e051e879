package dev.isopool.autoscaler.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.isopool.autoscaler.AutoscalerConfig;
import dev.isopool.autoscaler.AutoscalerPolicy;
import dev.isopool.autoscaler.Decision;
import dev.isopool.autoscaler.Explanation;
import dev.isopool.autoscaler.History;
import dev.isopool.autoscaler.PodReading;
import dev.isopool.autoscaler.PodSample;
import dev.isopool.autoscaler.PoolSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replay: the policy over recorded ticks. At each tick the current count is the tick's `readyReplicas`; a tick
 * without any of `eventLoopLagP99Ms`, `workerSlowdown`, `utilization` has missing signals. Optional per tick:
 * `replicas` (pods that exist; the ones beyond `readyReplicas` are not ready) and `sampledPods` (ready pods that
 * answered; the rest are missing), `executions` and `rejected` (what each pod ran and refused over its window: a
 * saturated pod's demand beyond its capacity). A signal left out of a tick that has others reads as neutral: lag
 * 0 ms, slowdown 1.0, utilization on target, nothing refused.
 */
final class Replay {

    private Replay() {
    }

    static void run(AutoscalerConfig config, JsonNode ticks, Consumer<Tick> out) {
        History history = History.EMPTY;
        for (JsonNode tick : ticks) {
            double t = tick.path("t").asDouble();
            int ready = tick.path("readyReplicas").asInt();
            int existing = Math.max(ready, tick.path("replicas").asInt(ready));
            boolean hasSignals = tick.has("eventLoopLagP99Ms") || tick.has("workerSlowdown")
                    || tick.has("utilization");
            int sampled = hasSignals ? Math.min(ready, tick.path("sampledPods").asInt(ready)) : 0;
            double lag = tick.path("eventLoopLagP99Ms").asDouble(0);
            double slowdown = tick.path("workerSlowdown").asDouble(1.0);
            double util = tick.path("utilization").asDouble(config.targetUtilization());
            PodReading reading = new PodReading(lag, slowdown, util, tick.path("executions").asLong(0),
                    tick.path("rejected").asLong(0));
            List<PodSample> pods = new ArrayList<>();
            for (int i = 0; i < existing; i++) {
                if (i >= ready) {
                    pods.add(PodSample.notReady());
                } else if (i < sampled) {
                    pods.add(PodSample.of(reading));
                } else {
                    pods.add(PodSample.missing());
                }
            }
            Instant now = Instant.EPOCH.plusMillis(Math.round(t * 1000));
            Decision d = AutoscalerPolicy.decide(config, new PoolSample(ready, pods), history, now);
            history = d.history();
            out.accept(new Tick(t, ready, d.desiredReplicas(), Explanation.of(config, d).reason()));
        }
    }
}
