package dev.isopool.operator;

import dev.isopool.operator.api.AutoscalingSpec;
import dev.isopool.operator.api.LimitsSpec;
import dev.isopool.operator.api.NodeSpec;
import dev.isopool.operator.api.ResourcesSpec;
import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.api.SandboxPoolSpec;
import dev.isopool.operator.api.V8Spec;
import dev.isopool.operator.planning.MemoryPlan;
import dev.isopool.operator.planning.PoolPlan;
import dev.isopool.operator.planning.PoolPlanner;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.function.Consumer;

/** Builds SandboxPools and plans for tests. */
public final class TestingPools {

    public static final String IMAGE = "isopool/runtime:test";
    public static final PoolPlanner PLANNER =
            new PoolPlanner(IMAGE, "IfNotPresent", new MemoryPlan(MemoryPlan.DEFAULT_JVM_BASE_MIB));

    private TestingPools() {
    }

    public static SandboxPool pool(String name) {
        return pool(name, spec -> {
        });
    }

    public static SandboxPool pool(String name, Consumer<SandboxPoolSpec> customizer) {
        SandboxPool pool = new SandboxPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("sandbox").withGeneration(1L)
                .withUid("uid-" + name).build());
        SandboxPoolSpec spec = new SandboxPoolSpec();
        customizer.accept(spec);
        pool.setSpec(spec);
        return pool;
    }

    /** The plan of a pool that must be valid. */
    public static PoolPlan plan(SandboxPool pool) {
        PoolPlanner.Planning planning = PLANNER.plan(pool);
        if (!planning.valid()) {
            throw new AssertionError("expected a valid pool, got " + planning.errors());
        }
        return planning.plan();
    }

    public static AutoscalingSpec autoscaling(int min, int max) {
        AutoscalingSpec as = new AutoscalingSpec();
        as.setEnabled(true);
        as.setMinReplicas(min);
        as.setMaxReplicas(max);
        return as;
    }

    public static V8Spec flags(String... flags) {
        V8Spec v8 = new V8Spec();
        v8.setFlags(List.of(flags));
        return v8;
    }

    public static NodeSpec node(String options) {
        NodeSpec node = new NodeSpec();
        node.setOptions(options);
        return node;
    }

    public static LimitsSpec heap(int heapMb) {
        LimitsSpec limits = new LimitsSpec();
        limits.setHeapMb(heapMb);
        return limits;
    }

    /** Limits with the given fields set; null leaves a field to its default. */
    public static LimitsSpec limits(Integer timeoutMs, Integer cpuMs, Integer logKb, Integer maxQueuedPerTenant) {
        LimitsSpec limits = new LimitsSpec();
        limits.setTimeoutMs(timeoutMs);
        limits.setCpuMs(cpuMs);
        limits.setLogKb(logKb);
        limits.setMaxQueuedPerTenant(maxQueuedPerTenant);
        return limits;
    }

    public static ResourcesSpec memory(String memory) {
        ResourcesSpec resources = new ResourcesSpec();
        resources.setMemory(memory);
        return resources;
    }
}
