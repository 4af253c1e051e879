package dev.isopool.autoscaler.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The closed loop's model of a runtime pod (the `model` object of a simulation file; every field optional).
 *
 * <ul>
 *   <li>Capacity: each of `workersPerPod` (2) workers completes `rpsPerWorker` (1000, i.e. 1 ms executions)
 *       executions per second at slowdown 1;
 *       a pod's capacity is `workersPerPod x rpsPerWorker / slowdown`. The Service spreads load evenly over ready
 *       pods.</li>
 *   <li>Start-up: a pod the autoscaler adds serves (and reports) only `startupSeconds` (20) later; until then it is a
 *       not-ready pod. Removed pods go at once.</li>
 *   <li>Slowdown as concurrency grows: `slowdown = (1 + slowdownPerBusyWorker x max(0, busyWorkers - 1)) x
 *       injected`, with `busyWorkers = workersPerPod x utilization`. 0.05 is a pool on the predictable profile;
 *       the seeds' Liftoff anomaly (4 workers each 12x slower than 1) is about 3.7. `injectSlowdown` multiplies it
 *       over time windows (`[{"from": s, "until": s, "factor": f}]`), e.g. CPU throttling.</li>
 *   <li>Lag: the event-loop probe waits like an execution. Below saturation, the p99 wait of an M/M/1 queue with the
 *       pod's capacity as its rate (`ln(100 rho) / (capacity - load)`), plus `baseLagMs`; above it, the backlog
 *       (queued executions / capacity), which grows by the excess each second up to the runtime's queue
 *       (`queuePerWorker` x workers, 64 x as `ISOPOOL_QUEUE_CAPACITY`); beyond it requests are rejected (429), so
 *       lag p99 saturates near `queue / capacity` (64 ms by default) and utilization at 1.</li>
 *   <li>Signals, as the runtime reports them over its `windowSeconds`: utilization and slowdown are means over the
 *       window, lag p99 the worst second in it, executions and refused requests (429) the counts in it. The
 *       window starts afresh when the number of ready pods changes (the Service re-spreads the load, and a new
 *       pod's window starts empty).</li>
 *   <li>`noise`: each second's load is multiplied by `1 + noise x N(0, 1)` (seeded by `seed`), for noisy traces.</li>
 * </ul>
 */
record PodModel(int workersPerPod, double rpsPerWorker, int startupSeconds, double slowdownPerBusyWorker,
        double baseLagMs, int windowSeconds, double noise, long seed, int initialReplicas,
        List<Injection> injections, int queuePerWorker) {

    PodModel(int workersPerPod, double rpsPerWorker, int startupSeconds, double slowdownPerBusyWorker,
            double baseLagMs, int windowSeconds, double noise, long seed, int initialReplicas,
            List<Injection> injections) {
        this(workersPerPod, rpsPerWorker, startupSeconds, slowdownPerBusyWorker, baseLagMs, windowSeconds, noise,
                seed, initialReplicas, injections, 64);
    }

    /** A slowdown factor applied from `from` until `until` seconds. */
    record Injection(double from, double until, double factor) {
    }

    static PodModel read(JsonNode m, int minReplicas) {
        List<Injection> injections = new ArrayList<>();
        for (JsonNode i : m.path("injectSlowdown")) {
            injections.add(new Injection(i.path("from").asDouble(), i.path("until").asDouble(Double.MAX_VALUE),
                    i.path("factor").asDouble(1)));
        }
        return new PodModel(
                m.path("workersPerPod").asInt(2),
                m.path("rpsPerWorker").asDouble(1000),
                m.path("startupSeconds").asInt(20),
                m.path("slowdownPerBusyWorker").asDouble(0.05),
                m.path("baseLagMs").asDouble(1),
                m.path("windowSeconds").asInt(10),
                m.path("noise").asDouble(0),
                m.path("seed").asLong(1),
                m.path("initialReplicas").asInt(minReplicas),
                injections,
                m.path("queuePerWorker").asInt(64));
    }

    double injected(double t) {
        double f = 1;
        for (Injection i : injections) {
            if (t >= i.from() && t < i.until()) {
                f *= i.factor();
            }
        }
        return f;
    }

    /** What a pod's capacity is at slowdown 1 and the target utilization: the load one pod should carry. */
    double targetLoadPerPod(double targetUtilization) {
        return workersPerPod * rpsPerWorker * targetUtilization;
    }
}
