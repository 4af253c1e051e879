package dev.isopool.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.status.ConditionTypes;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The samples in config/samples, applied as a user would, become the pools they describe. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class SamplesIT extends MockApiServerIT {

    private static final String NS = "samples";

    @Override
    String namespace() {
        return NS;
    }

    @Test
    void basic() throws IOException {
        apply("basic.yaml");
        Deployment d = fixtures.awaitDeployment("basic");
        assertEquals(2, d.getSpec().getReplicas());
        fixtures.awaitCondition("basic", ConditionTypes.DEGRADED, "False", "AsExpected");
    }

    @Test
    void wasmHeavyUsesThePredictableProfileAndStartsAtMinReplicas() throws IOException {
        apply("wasm-heavy.yaml");
        Deployment d = fixtures.awaitDeployment("wasm-heavy");
        assertEquals(2, d.getSpec().getReplicas());
        Map<String, String> env = PoolFixtures.env(d);
        assertEquals("--no-liftoff --no-wasm-lazy-compilation --stack-size=984 --max-old-space-size=128",
                env.get("NODE_OPTIONS"));
        assertEquals("4", env.get("ISOPOOL_WORKERS"));
        assertEquals("2000", env.get("ISOPOOL_CPU_MS"));
        assertEquals(Integer.toString(256 * 1024), env.get("ISOPOOL_MAX_LOG_BYTES"));
        assertEquals("32", env.get("ISOPOOL_MAX_QUEUED_PER_TENANT"));
        assertEquals("1076Mi", d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
                .getLimits().get("memory").toString());
        fixtures.awaitCondition("wasm-heavy", ConditionTypes.SCALING_ACTIVE, "Unknown", "NoSignalsYet");
    }

    @Test
    void nodeEngineAdmitsOnlyTheGateway() throws IOException {
        apply("node-engine.yaml");
        Deployment d = fixtures.awaitDeployment("node-engine");
        Map<String, String> env = PoolFixtures.env(d);
        assertEquals("node", env.get("ISOPOOL_ENGINE"));
        assertEquals("8", env.get("UV_THREADPOOL_SIZE"));
        assertTrue(env.get("NODE_OPTIONS").contains("--no-warnings --disallow-code-generation-from-strings"));
        NetworkPolicy np = fixtures.awaitExists(NetworkPolicy.class, "node-engine");
        assertEquals(Map.of("role", "gateway"),
                np.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels());
    }

    private void apply(String sample) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("../config/samples", sample))) {
            SandboxPool pool = client.getKubernetesSerialization().unmarshal(in, SandboxPool.class);
            fixtures.create(pool);
        }
    }

}
