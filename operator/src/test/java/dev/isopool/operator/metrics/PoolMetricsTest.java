package dev.isopool.operator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.isopool.operator.TestingPools;
import dev.isopool.operator.api.AutoscalerStatus;
import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.api.SandboxPoolStatus;
import dev.isopool.operator.planning.ResolvedSpec;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PoolMetrics metrics = new PoolMetrics(registry);

    @Test
    void aPoolsStatusAndTargetsAreItsSeries() {
        metrics.observe("shop", "basic", status(3, 1, 4, null), autoscaling());

        assertEquals(3, gauge(PoolMetrics.REPLICAS, "basic"));
        assertEquals(1, gauge(PoolMetrics.READY, "basic"));
        assertEquals(4, gauge(PoolMetrics.DESIRED, "basic"));
        assertEquals(30, gauge(PoolMetrics.LAG_TARGET, "basic"));
        assertEquals(2.0, gauge(PoolMetrics.SLOWDOWN_MAX, "basic"));
        assertEquals(0, gauge(PoolMetrics.LIFTOFF, "basic"));
    }

    @Test
    void liftoffSuspectedIsOneWhileStatusReportsIt() {
        metrics.observe("shop", "basic", status(2, 2, 2, "slowdown 6.1 with tier-up on"), autoscaling());
        assertEquals(1, gauge(PoolMetrics.LIFTOFF, "basic"));

        metrics.observe("shop", "basic", status(2, 2, 2, null), autoscaling());
        assertEquals(0, gauge(PoolMetrics.LIFTOFF, "basic"));
    }

    @Test
    void decisionsAreCountedByDirectionAndBothDirectionsStartAtZero() {
        metrics.observe("shop", "basic", status(2, 2, 2, null), autoscaling());
        assertEquals(0, decisions("basic", "up"));
        assertEquals(0, decisions("basic", "down"));

        metrics.scaled("shop", "basic", true);
        metrics.scaled("shop", "basic", true);
        metrics.scaled("shop", "basic", false);

        assertEquals(2, decisions("basic", "up"));
        assertEquals(1, decisions("basic", "down"));
    }

    @Test
    void aDeletedPoolsSeriesGoAwayAndOthersStay() {
        Metrics sdk = new PoolAwareMetrics(Metrics.NOOP, registry, metrics);
        metrics.observe("shop", "basic", status(2, 2, 2, null), autoscaling());
        metrics.observe("shop", "other", status(1, 1, 1, null), autoscaling());
        metrics.scaled("shop", "basic", true);
        SandboxPool basic = TestingPools.pool("basic");
        basic.getMetadata().setNamespace("shop");

        sdk.eventReceived(new ResourceEvent(ResourceAction.UPDATED, ResourceID.fromResource(basic), basic), Map.of());
        assertEquals(2, gauge(PoolMetrics.DESIRED, "basic"));

        sdk.eventReceived(new ResourceEvent(ResourceAction.DELETED, ResourceID.fromResource(basic), basic), Map.of());
        assertNull(registry.find(PoolMetrics.DESIRED).tag("pool", "basic").gauge());
        assertNull(registry.find(PoolMetrics.SCALED).tag("pool", "basic").counter());
        assertEquals(1, gauge(PoolMetrics.DESIRED, "other"));
    }

    private double gauge(String name, String pool) {
        return registry.get(name).tags("namespace", "shop", "pool", pool).gauge().value();
    }

    private double decisions(String pool, String direction) {
        return registry.get(PoolMetrics.SCALED).tags("namespace", "shop", "pool", pool, "direction", direction)
                .counter().count();
    }

    private static SandboxPoolStatus status(int replicas, int ready, int desired, String liftoff) {
        SandboxPoolStatus status = new SandboxPoolStatus();
        status.setReplicas(replicas);
        status.setReadyReplicas(ready);
        status.setDesiredReplicas(desired);
        if (liftoff != null) {
            AutoscalerStatus autoscaler = new AutoscalerStatus();
            autoscaler.setLiftoffSuspected(liftoff);
            status.setAutoscaler(autoscaler);
        }
        return status;
    }

    private static ResolvedSpec.Autoscaling autoscaling() {
        return ResolvedSpec.of(TestingPools.pool("any").getSpec()).autoscaling();
    }
}
