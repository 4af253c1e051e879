package dev.isopool.operator.signals;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The body of a pod's `GET /v1/signals` (DESIGN.md), as far as the operator reads it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuntimeSignals(
        Integer windowSeconds,
        Integer workers,
        Double eventLoopLagP99Ms,
        Double workerSlowdown,
        Double utilization,
        Integer queueDepth,
        Integer inflight,
        String health,
        String engine,
        List<String> v8Flags) {

    /** The three signals the policy needs are present and are numbers a pod can report. */
    public boolean usable() {
        return finite(eventLoopLagP99Ms) && eventLoopLagP99Ms >= 0
                && finite(workerSlowdown) && workerSlowdown >= 0
                && finite(utilization) && utilization >= 0;
    }

    private static boolean finite(Double d) {
        return d != null && Double.isFinite(d);
    }
}
