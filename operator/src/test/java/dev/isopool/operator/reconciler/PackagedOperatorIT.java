package dev.isopool.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isopool.operator.TestingPools;
import dev.isopool.operator.status.ConditionTypes;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The production build, as its own process, reconciles a pool on an API server without server-side apply (what
 * the local cluster embeds), once `ISOPOOL_OPERATOR_SERVER_SIDE_APPLY=false` is set.
 */
@QuarkusTest
@TestProfile(ExternalOperatorProfile.class)
@WithKubernetesTestServer(crud = true)
class PackagedOperatorIT {

    @Inject
    KubernetesClient client;

    @Test
    void thePackagedOperatorReconcilesAPool() throws IOException, InterruptedException {
        try (OperatorProcess operator = OperatorProcess.start(client)) {
            try {
                reconcilesAPool(operator);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("operator output:\n" + operator.output(), e);
            }
        }
    }

    private void reconcilesAPool(OperatorProcess operator) throws IOException, InterruptedException {
        {
            PoolFixtures fixtures = new PoolFixtures(client, "packaged");
            fixtures.create(TestingPools.pool("hotel"));
            Deployment d = fixtures.awaitDeployment("hotel");
            assertEquals(2, d.getSpec().getReplicas());
            fixtures.awaitCondition("hotel", ConditionTypes.READY, "False", "ReplicasNotReady");
            fixtures.markAllPodsReady("hotel");
            fixtures.awaitCondition("hotel", ConditionTypes.READY, "True", "AllReplicasReady");
            String log = operator.output();
            assertTrue(log.contains("Server-side apply is off"), log);
            assertTrue(log.contains("[packaged/hotel]"), "log lines carry the pool:\n" + log);
            String health = operator.get("/q/health/ready");
            assertTrue(health.startsWith("200 ") && health.contains("\"UP\""), health);
            String metrics = operator.get("/q/metrics");
            assertTrue(metrics.contains("reconciliations_success_total"), () -> "operator metrics exported:\n"
                    + metrics.lines().filter(l -> !l.startsWith("#") && !l.startsWith("jvm") && !l.startsWith("process")
                    && !l.startsWith("http") && !l.startsWith("netty") && !l.startsWith("worker")).toList());
        }
    }
}
