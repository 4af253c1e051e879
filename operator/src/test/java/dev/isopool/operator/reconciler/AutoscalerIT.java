package dev.isopool.operator.reconciler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isopool.operator.TestingPools;
import dev.isopool.operator.api.AutoscalingSpec;
import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.planning.PoolPlan;
import dev.isopool.operator.status.ConditionTypes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler against the mock API server and fake runtime pods (tiny HTTP servers answering `/v1/signals`):
 * a lag spike scales the Deployment up within an interval, with status and an event that say why; pods that stop
 * answering are missing, not idle.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class AutoscalerIT {

    private static final String NS = "scaling";

    @Inject
    KubernetesClient client;
    @Inject
    MeterRegistry registry;

    private PoolFixtures fixtures;
    private final List<TestingSignalsServer> servers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixtures = new PoolFixtures(client, NS);
    }

    @AfterEach
    void stopServers() {
        servers.forEach(TestingSignalsServer::close);
    }

    @Test
    void lagThatLastsScalesUpAndIsExplained() throws Exception {
        fixtures.create(TestingPools.pool("spiky", s -> s.setAutoscaling(autoscaling(2, 10))));
        assertEquals(2, fixtures.awaitDeployment("spiky").getSpec().getReplicas(), "starts at minReplicas");
        runPods("spiky", 2);
        fixtures.markAllPodsReady("spiky");
        fixtures.awaitCondition("spiky", ConditionTypes.SCALING_ACTIVE, "True", "SignalsAvailable");

        // Utilization on target: only the lag asks for pods, once it has stayed above its target for 20 s.
        servers.forEach(s -> s.set(74, 1.0, 0.7));

        Deployment scaled = await().atMost(PoolFixtures.TIMEOUT.plusSeconds(20)).until(
                () -> fixtures.get(Deployment.class, "spiky"), d -> d.getSpec().getReplicas() == 5);
        assertNotNull(scaled);
        SandboxPool pool = await().atMost(PoolFixtures.TIMEOUT).until(() -> fixtures.get("spiky"),
                p -> p.getStatus() != null && Integer.valueOf(5).equals(p.getStatus().getDesiredReplicas()));
        String reason = pool.getStatus().getLastScaleReason();
        assertTrue(reason.startsWith("lag p99 74 ms > 30 ms target (panic"), reason);
        assertTrue(reason.endsWith(": 2 -> 5"), reason);
        assertNotNull(pool.getStatus().getLastScaleTime());
        assertEquals(74.0, pool.getStatus().getSignals().getEventLoopLagP99Ms());
        assertEquals(2, pool.getStatus().getSignals().getSampledPods());
        assertTrue(pool.getStatus().getAutoscaler().getRecommendations().stream()
                .anyMatch(r -> r.getReplicas() == 5), "the history is in status");
        await().atMost(PoolFixtures.TIMEOUT).until(() -> events("spiky").stream().anyMatch(e ->
                "ScaledUp".equals(e.getReason()) && "Normal".equals(e.getType()) && e.getMessage().equals(reason)));

        // What config/monitoring's dashboard and alerts read: the decision counted, desired replicas as a gauge;
        // gone with the pool.
        assertEquals(1.0, registry.get("isopool.pool.scaling.decisions")
                .tags("namespace", NS, "pool", "spiky", "direction", "up").counter().count());
        assertEquals(5.0, registry.get("isopool.pool.desired.replicas").tags("namespace", NS, "pool", "spiky")
                .gauge().value());
        client.resource(pool).delete();
        await().atMost(PoolFixtures.TIMEOUT).until(() ->
                registry.find("isopool.pool.desired.replicas").tags("namespace", NS, "pool", "spiky").gauge() == null);
    }

    @Test
    void podsThatStopAnsweringAreMissingNotIdle() throws Exception {
        fixtures.create(TestingPools.pool("quiet", s -> s.setAutoscaling(autoscaling(3, 10))));
        fixtures.awaitDeployment("quiet");
        runPods("quiet", 3);
        fixtures.markAllPodsReady("quiet");
        fixtures.awaitCondition("quiet", ConditionTypes.SCALING_ACTIVE, "True", "SignalsAvailable");

        servers.forEach(TestingSignalsServer::close);

        var active = fixtures.awaitCondition("quiet", ConditionTypes.SCALING_ACTIVE, "False", "MissingSignals");
        assertTrue(active.getMessage().contains("no signals from any of 3 ready pods"), active.getMessage());
        assertEquals(3, fixtures.get(Deployment.class, "quiet").getSpec().getReplicas());
    }

    /** Plays the kubelet: `n` ready pods of the pool, each a fake runtime on 127.0.0.1. */
    private void runPods(String pool, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            TestingSignalsServer server = new TestingSignalsServer();
            servers.add(server);
            Pod pod = new PodBuilder()
                    .withNewMetadata()
                        .withName(pool + "-" + i)
                        .withNamespace(NS)
                        .addToLabels(PoolPlan.LABEL_NAME, PoolPlan.RUNTIME)
                        .addToLabels(PoolPlan.LABEL_POOL, pool)
                    .endMetadata()
                    .withNewSpec()
                        .addNewContainer().withName("runtime").withImage("isopool/runtime:test")
                            .addNewPort().withName("http").withContainerPort(server.port()).endPort()
                        .endContainer()
                    .endSpec()
                    .withNewStatus()
                        .withPhase("Running")
                        .withPodIP("127.0.0.1")
                        .addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .endStatus()
                    .build();
            client.pods().inNamespace(NS).resource(pod).create();
        }
    }

    private static AutoscalingSpec autoscaling(int min, int max) {
        AutoscalingSpec as = TestingPools.autoscaling(min, max);
        as.setIntervalSeconds(1);
        return as;
    }

    private List<Event> events(String pool) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> pool.equals(e.getInvolvedObject().getName()))
                .toList();
    }
}
