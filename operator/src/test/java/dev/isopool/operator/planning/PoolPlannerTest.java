package dev.isopool.operator.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.isopool.operator.TestingPools;
import dev.isopool.operator.api.Engine;
import dev.isopool.operator.api.NodeSpec;
import dev.isopool.operator.api.ResourcesSpec;
import dev.isopool.operator.api.V8Profile;
import dev.isopool.operator.api.V8Spec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
