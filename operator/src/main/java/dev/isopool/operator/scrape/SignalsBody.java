package dev.isopool.operator.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isopool.autoscaler.PodReading;

/** Reads the body of a pod's `GET /v1/signals` (DESIGN.md) into the policy's {@link PodReading}. */
final class SignalsBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SignalsBody() {
    }

    /** The reading, or {@link IllegalArgumentException} saying what the body lacks. */
    static PodReading parse(String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("unreadable body: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        JsonNode lag = node.get("eventLoopLagP99Ms");
        JsonNode slowdown = node.get("workerSlowdown");
        JsonNode utilization = node.get("utilization");
        if (!number(lag) || !number(slowdown) || !number(utilization)
                || !PodReading.plausible(lag.asDouble(), slowdown.asDouble(), utilization.asDouble())) {
            throw new IllegalArgumentException(
                    "the body lacks eventLoopLagP99Ms, workerSlowdown or utilization as non-negative numbers");
        }
        return new PodReading(lag.asDouble(), slowdown.asDouble(), part(node, "cpuContention"),
                part(node, "codeSlowdown"), utilization.asDouble(), count(node, "executions"), count(node, "rejected"));
    }

    /** A part of the slowdown; NaN when absent (an older runtime) or not a number a pod can report. */
    private static double part(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return number(value) && Double.isFinite(value.asDouble()) && value.asDouble() >= 0 ? value.asDouble()
                : Double.NaN;
    }

    /** A count over the pod's window; absent (an older runtime) or unreadable counts as none. */
    private static long count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.canConvertToLong() && value.asLong() > 0 ? value.asLong() : 0;
    }

    private static boolean number(JsonNode value) {
        return value != null && value.isNumber();
    }
}
