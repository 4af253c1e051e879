package dev.isopool.operator.reconciler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isopool.operator.TestingPools;
import dev.isopool.operator.api.SandboxPool;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two hundred pools at once: every one gets its Deployment and a status. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ManyPoolsIT {

    private static final String NS = "many";
    private static final int POOLS = 200;

    @Inject
    KubernetesClient client;

    @Test
    void twoHundredPoolsAreReconciled() {
        PoolFixtures fixtures = new PoolFixtures(client, NS);
        long start = System.nanoTime();
        for (int i = 0; i < POOLS; i++) {
            fixtures.create(TestingPools.pool("pool-" + i, s -> s.setReplicas(1)));
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                client.apps().deployments().inNamespace(NS).list().getItems().size() == POOLS);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                client.resources(SandboxPool.class).inNamespace(NS).list().getItems().stream()
                        .filter(p -> p.getStatus() != null && p.getStatus().getConditions().size() == 5)
                        .count() == POOLS);
        System.out.printf("ManyPoolsIT: %d pools reconciled (Deployment and status) in %d ms%n", POOLS,
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        for (Deployment d : client.apps().deployments().inNamespace(NS).list().getItems()) {
            assertEquals(1, d.getSpec().getReplicas(), d.getMetadata().getName());
        }
    }
}
