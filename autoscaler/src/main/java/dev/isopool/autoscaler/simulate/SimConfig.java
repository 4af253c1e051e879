package dev.isopool.autoscaler.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.isopool.autoscaler.AutoscalerConfig;

/** Reads the `autoscaling` object of a simulation file: the CRD's fields, with the CRD's defaults. */
final class SimConfig {

    private SimConfig() {
    }

    static AutoscalerConfig read(JsonNode as) {
        JsonNode a = as == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : as;
        int min = a.path("minReplicas").asInt(1);
        int max = a.path("maxReplicas").asInt(20);
        if (min > max) {
            throw new IllegalArgumentException("autoscaling.minReplicas (" + min + ") exceeds maxReplicas (" + max
                    + ")");
        }
        return AutoscalerConfig.of(min, max,
                a.path("eventLoopLagP99TargetMs").asDouble(30),
                a.path("workerSlowdownMax").asDouble(2.0),
                a.path("targetUtilization").asDouble(0.7),
                a.path("intervalSeconds").asInt(5),
                a.path("scaleDownStabilizationSeconds").asInt(300));
    }
}
