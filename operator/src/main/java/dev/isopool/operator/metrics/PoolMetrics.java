package dev.isopool.operator.metrics;

import dev.isopool.operator.api.SandboxPoolStatus;
import dev.isopool.operator.planning.ResolvedSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each pool's status and targets as Prometheus series, tagged `namespace` and `pool`, for the alerts and the
 * dashboard of config/monitoring: replicas, ready and desired replicas, the lag target and slowdown maximum of its
 * spec (the runtime's gauges are compared with them), `isopool_pool_liftoff_suspected` (1 while status reports the
 * Liftoff anomaly) and the scaling decisions taken. A pool's series go away when the pool is deleted.
 */
@Singleton
public class PoolMetrics {

    static final String DESIRED = "isopool.pool.desired.replicas";
    static final String REPLICAS = "isopool.pool.replicas";
    static final String READY = "isopool.pool.ready.replicas";
    static final String LAG_TARGET = "isopool.pool.event.loop.lag.target";
    static final String SLOWDOWN_MAX = "isopool.pool.worker.slowdown.max";
    static final String LIFTOFF = "isopool.pool.liftoff.suspected";
    static final String SCALED = "isopool.pool.scaling.decisions";

    /** The numbers the gauges read, replaced as a whole on each reconciliation. */
    private record Snapshot(int replicas, int ready, int desired, double lagTargetMs, double slowdownMax,
            boolean liftoff) {
    }

    private static final class Pool {
        volatile Snapshot snapshot = new Snapshot(0, 0, 0, Double.NaN, Double.NaN, false);
        final List<Meter> meters = new ArrayList<>();
    }

    private final MeterRegistry registry;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    public PoolMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records the status just computed for a pool, and its autoscaling settings. */
    public void observe(String namespace, String name, SandboxPoolStatus status, ResolvedSpec.Autoscaling spec) {
        boolean liftoff = status.getAutoscaler() != null && status.getAutoscaler().getLiftoffSuspected() != null;
        pool(namespace, name).snapshot = new Snapshot(orZero(status.getReplicas()), orZero(status.getReadyReplicas()),
                orZero(status.getDesiredReplicas()), spec.eventLoopLagP99TargetMs(), spec.workerSlowdownMax(),
                liftoff);
    }

    /** Counts a decision that changed the pool's desired replicas. */
    public void scaled(String namespace, String name, boolean up) {
        pool(namespace, name);
        registry.counter(SCALED, tags(namespace, name).and("direction", up ? "up" : "down")).increment();
    }

    /** Removes a deleted pool's series. */
    public void forget(String namespace, String name) {
        Pool pool = pools.remove(key(namespace, name));
        if (pool != null) {
            pool.meters.forEach(registry::remove);
        }
    }

    private Pool pool(String namespace, String name) {
        return pools.computeIfAbsent(key(namespace, name), k -> {
            Pool pool = new Pool();
            Tags tags = tags(namespace, name);
            pool.meters.add(Gauge.builder(REPLICAS, pool, p -> p.snapshot.replicas())
                    .description("Runtime pods of the pool's Deployment").tags(tags).register(registry));
            pool.meters.add(Gauge.builder(READY, pool, p -> p.snapshot.ready())
                    .description("Runtime pods of the pool that are ready").tags(tags).register(registry));
            pool.meters.add(Gauge.builder(DESIRED, pool, p -> p.snapshot.desired())
                    .description("Replicas the pool should have (spec, or the autoscaler's decision)").tags(tags)
                    .register(registry));
            pool.meters.add(Gauge.builder(LAG_TARGET, pool, p -> p.snapshot.lagTargetMs())
                    .description("spec.autoscaling.eventLoopLagP99TargetMs").baseUnit("milliseconds").tags(tags)
                    .register(registry));
            pool.meters.add(Gauge.builder(SLOWDOWN_MAX, pool, p -> p.snapshot.slowdownMax())
                    .description("spec.autoscaling.workerSlowdownMax").tags(tags).register(registry));
            pool.meters.add(Gauge.builder(LIFTOFF, pool, p -> p.snapshot.liftoff() ? 1 : 0)
                    .description("1 while the pool's status reports LiftoffSuspected").tags(tags)
                    .register(registry));
            // Both directions exist from the start, so that rate() sees a pool's first decision.
            pool.meters.add(Counter.builder(SCALED).description("Autoscaler decisions that changed desired replicas")
                    .tags(tags.and("direction", "up")).register(registry));
            pool.meters.add(Counter.builder(SCALED).description("Autoscaler decisions that changed desired replicas")
                    .tags(tags.and("direction", "down")).register(registry));
            return pool;
        });
    }

    private static Tags tags(String namespace, String name) {
        return Tags.of("namespace", namespace, "pool", name);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
