package dev.isopool.operator.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import static dev.isopool.operator.TestingPools.limits;

import dev.isopool.operator.TestingPools;
import dev.isopool.operator.api.Engine;
import dev.isopool.operator.api.LimitsSpec;
import dev.isopool.operator.api.NodeSpec;
import dev.isopool.operator.api.ResourcesSpec;
import dev.isopool.operator.api.V8Profile;
import dev.isopool.operator.api.V8Spec;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolPlannerTest {

    @Test
    void defaultsGiveThePredictableProfileAndThePlannedMemory() {
        PoolPlan plan = TestingPools.plan(TestingPools.pool("basic"));
        assertEquals(TestingPools.IMAGE, plan.image());
        assertEquals(2, plan.replicas());
        assertEquals("2", plan.cpu());
        assertEquals("538Mi", plan.memory());
        assertEquals(Map.of(
                "NODE_OPTIONS", "--no-liftoff --no-wasm-lazy-compilation --max-old-space-size=64",
                "ISOPOOL_ENGINE", "v8",
                "ISOPOOL_WORKERS", "2",
                "ISOPOOL_TIMEOUT_MS", "1000",
                "ISOPOOL_CPU_MS", "1000",
                "ISOPOOL_MAX_LOG_BYTES", "65536",
                "ISOPOOL_MAX_QUEUED_PER_TENANT", "32",
                "JAVA_TOOL_OPTIONS", "-Xmx128m -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"),
                plan.environment());
    }

    @Test
    void engineNodeKeepsInNodeOptionsOnlyWhatNodeAcceptsThere() {
        PoolPlan plan = TestingPools.plan(TestingPools.pool("node", s -> {
            s.setEngine(Engine.NODE);
            V8Spec v8 = new V8Spec();
            v8.setProfile(V8Profile.PREDICTABLE);
            v8.setFlags(List.of(" --no-opt ", "--stack-trace-limit=20"));
            s.setV8(v8);
            NodeSpec node = new NodeSpec();
            node.setOptions("--no-warnings   --enable-source-maps");
            node.setUvThreadpoolSize(16);
            s.setNode(node);
        }));
        assertEquals("--no-warnings --enable-source-maps --stack-trace-limit=20 --max-old-space-size=64",
                plan.environment().get("NODE_OPTIONS"));
        assertEquals("--no-liftoff --no-wasm-lazy-compilation --no-opt",
                plan.environment().get("ISOPOOL_V8_FLAGS"), "Node.js would refuse these in NODE_OPTIONS");
        assertEquals("16", plan.environment().get("UV_THREADPOOL_SIZE"));
        assertEquals("node", plan.environment().get("ISOPOOL_ENGINE"));
        assertTrue(plan.v8FlagsInForce().contains("--no-liftoff"));
    }

    @Test
    void engineV8PassesEveryFlagInNodeOptions() {
        PoolPlan plan = TestingPools.plan(TestingPools.pool("v8", s -> {
            V8Spec v8 = new V8Spec();
            v8.setProfile(V8Profile.DEFAULT);
            v8.setFlags(List.of("--no-opt"));
            s.setV8(v8);
        }));
        assertEquals("--no-opt --max-old-space-size=64", plan.environment().get("NODE_OPTIONS"));
        assertFalse(plan.environment().containsKey("ISOPOOL_V8_FLAGS"));
    }

    @Test
    void uvThreadpoolSizeOnlyForTheNodeEngine() {
        PoolPlan plan = TestingPools.plan(TestingPools.pool("v8"));
        assertFalse(plan.environment().containsKey("UV_THREADPOOL_SIZE"));
    }

    @Test
    void userResourcesWin() {
        PoolPlan plan = TestingPools.plan(TestingPools.pool("sized", s -> {
            ResourcesSpec r = new ResourcesSpec();
            r.setCpu("1500m");
            r.setMemory("1Gi");
            s.setResources(r);
            s.setImage("example/runtime:1");
        }));
        assertEquals("1500m", plan.cpu());
        assertEquals("1Gi", plan.memory());
        assertEquals("example/runtime:1", plan.image());
    }

    @Test
    void anInvalidSpecHasNoPlan() {
        PoolPlanner.Planning planning = TestingPools.PLANNER.plan(TestingPools.pool("bad",
                s -> s.setV8(TestingPools.flags("--allow-natives-syntax"))));
        assertFalse(planning.valid());
        assertNull(planning.plan());
    }

    static Stream<Arguments> limitsOnThePod() {
        return Stream.of(
                Arguments.of("cpuMs follows timeoutMs when unset", limits(5000, null, null, null), 2, "5000", "65536", "32"),
                Arguments.of("cpuMs below the wall time", limits(5000, 200, null, null), 2, "200", "65536", "32"),
                Arguments.of("logKb in KiB", limits(null, null, 1, null), 2, "1000", "1024", "32"),
                Arguments.of("per-tenant share scales with workers", limits(null, null, null, null), 4, "1000", "65536",
                        "64"),
                Arguments.of("per-tenant share as given", limits(null, null, null, 5), 4, "1000", "65536", "5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limitsOnThePod")
    void limitsBecomeTheRuntimesEnvironment(String title, LimitsSpec limits, int workers, String cpuMs, String logBytes,
            String perTenant) {
        Map<String, String> env = TestingPools.plan(TestingPools.pool("limits", s -> {
            s.setLimits(limits);
            s.setWorkersPerPod(workers);
        })).environment();
        assertEquals(cpuMs, env.get("ISOPOOL_CPU_MS"));
        assertEquals(logBytes, env.get("ISOPOOL_MAX_LOG_BYTES"));
        assertEquals(perTenant, env.get("ISOPOOL_MAX_QUEUED_PER_TENANT"));
    }

    @Test
    void aLimitChangeChangesTheConfigHashSoThePodsRoll() {
        PoolPlan before = TestingPools.plan(TestingPools.pool("p"));
        for (LimitsSpec changed : List.of(limits(null, 500, null, null), limits(null, null, 128, null),
                limits(null, null, null, 8))) {
            assertNotEquals(before.configHash(), TestingPools.plan(TestingPools.pool("p", s -> s.setLimits(changed)))
                    .configHash());
        }
    }

    @Test
    void aFlagChangeChangesTheConfigHash() {
        PoolPlan before = TestingPools.plan(TestingPools.pool("p"));
        PoolPlan after = TestingPools.plan(TestingPools.pool("p", s -> s.setV8(TestingPools.flags("--no-opt"))));
        PoolPlan replicasOnly = TestingPools.plan(TestingPools.pool("p", s -> s.setReplicas(7)));
        assertNotEquals(before.configHash(), after.configHash());
        assertEquals(before.configHash(), replicasOnly.configHash());
        assertEquals(16, before.configHash().length());
    }
}
