package dev.isopool.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The autoscaling loop end to end: load on a one-worker pool drives event-loop lag above its target, the pool
 * scales up and says why; load stops, and after the stabilization window it scales down; an operator restart in
 * the middle of a scale-up converges to one Deployment with the decided pods.
 */
@ExtendWith(Clusters.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoscalingE2E {

    private static final String POOL = "auto";
    private static final String POOL_YAML = """
            apiVersion: isopool.dev/v1alpha1
            kind: SandboxPool
            metadata:
              name: auto
            spec:
              workersPerPod: 1
              limits: {timeoutMs: 2000, heapMb: 32}
              resources: {cpu: 500m}
              autoscaling:
                enabled: true
                minReplicas: 1
                maxReplicas: 3
                eventLoopLagP99TargetMs: 30
                intervalSeconds: 2
                scaleDownStabilizationSeconds: 20
            """;
    /** About 10-30 ms of CPU per execution: with more clients than workers, lag probes wait behind them. */
    private static final String BUSY = "{\"code\":\"let s = 0; for (let i = 0; i < 3e6; i++) s += i; s\"}";
    private static final int CLIENTS = 6;
    private static final Duration SCALE_TIMEOUT = Duration.ofMinutes(4);

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static Pools pools;
    private static Load load;
    private static boolean scaledUp;

    @BeforeAll
    static void cluster() {
        cluster = Clusters.current();
        client = cluster.client();
        pools = new Pools(client, "e2e-autoscaling");
    }

    @AfterAll
    static void cleanUp() {
        if (load != null) {
            load.stop();
        }
        pools.delete(POOL);
    }

    @Test
    @Order(1)
    void theAutoscaledPoolStartsAtItsMinimum() {
        pools.apply(POOL_YAML);
        GenericKubernetesResource pool = pools.awaitReady(POOL);
        assertEquals(1, pools.deployment(POOL).getSpec().getReplicas());
        assertEquals(1, Pools.intStatus(pool, "readyReplicas"));
    }

    @Test
    @Order(2)
    void loadScalesThePoolUpAndItSaysWhy() {
        load = new Load(cluster.serviceUrl(pools.namespace(), POOL) + "/v1/execute");
        load.start();
        await("the autoscaler decides more than one pod").atMost(SCALE_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> Pools.intStatus(pools.get(POOL), "desiredReplicas") > 1);
        await("the Deployment follows").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> pools.deployment(POOL).getSpec().getReplicas() > 1);
        await("the new pods serve").atMost(SCALE_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> pools.readyPods(POOL).size() > 1);
        assertTrue(load.succeeded() > 0, "the load ran: " + load);

        GenericKubernetesResource pool = pools.get(POOL);
        String reason = String.valueOf(Pools.status(pool).get("lastScaleReason"));
        assertFalse(reason.isBlank() || "null".equals(reason), () -> "status.lastScaleReason: " + Pools.status(pool));
        assertTrue(Pools.status(pool).get("lastScaleTime") != null, () -> "status: " + Pools.status(pool));
        List<Event> events = scalingEvents();
        assertFalse(events.isEmpty(), "an event about the pool says it scaled: " + eventLines());
        scaledUp = true;
    }

    @Test
    @Order(3)
    void whenLoadStopsThePoolScalesDownAfterTheWindow() {
        assumeTrue(scaledUp, "the pool did not scale up");
        load.stop();
        await("the pool returns to its minimum").atMost(SCALE_TIMEOUT).pollInterval(Duration.ofSeconds(2))
                .until(() -> pools.deployment(POOL).getSpec().getReplicas() == 1
                        && Pools.intStatus(pools.get(POOL), "desiredReplicas") == 1);
        await("one pod is left").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> pools.pods(POOL).size() == 1);
        pools.awaitReady(POOL);
    }

    @Test
    @Order(4)
    void anOperatorRestartMidScaleConvergesWithoutDuplicates() throws Exception {
        assumeTrue(scaledUp, "the pool did not scale up");
        load = new Load(cluster.serviceUrl(pools.namespace(), POOL) + "/v1/execute");
        load.start();
        await("a scale-up is decided").atMost(SCALE_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> Pools.intStatus(pools.get(POOL), "desiredReplicas") > 1);
        cluster.restartOperator();
        await("the restarted operator keeps the pool scaled up").atMost(SCALE_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1)).until(() -> pools.readyPods(POOL).size() > 1);
        load.stop();

        await("the pool converges").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            GenericKubernetesResource pool = pools.get(POOL);
            Deployment d = pools.deployment(POOL);
            int desired = Pools.intStatus(pool, "desiredReplicas");
            return d != null && d.getSpec().getReplicas() == desired && pools.pods(POOL).size() == desired
                    && Pools.condition(pool, "Ready").map(c -> "True".equals(c.get("status"))).orElse(false);
        });
        String ns = pools.namespace();
        assertEquals(1, client.apps().deployments().inNamespace(ns).withLabel(Pools.POOL_LABEL, POOL).list()
                .getItems().size(), "one Deployment for the pool");
        assertEquals(1, client.services().inNamespace(ns).withLabel(Pools.POOL_LABEL, POOL).list().getItems()
                .size(), "one Service for the pool");
        assertEquals(pools.deployment(POOL).getSpec().getReplicas(), pools.pods(POOL).size(),
                "as many pods as the Deployment wants");
    }

    private static List<Event> scalingEvents() {
        return client.v1().events().inNamespace(pools.namespace()).list().getItems().stream()
                .filter(e -> POOL.equals(e.getInvolvedObject().getName())
                        && "SandboxPool".equals(e.getInvolvedObject().getKind()))
                .filter(e -> (e.getReason() + " " + e.getMessage()).toLowerCase(Locale.ROOT).contains("scal"))
                .toList();
    }

    private static List<String> eventLines() {
        List<String> lines = new ArrayList<>();
        client.v1().events().inNamespace(pools.namespace()).list().getItems().forEach(e -> lines.add(
                e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName() + " " + e.getReason() + ": "
                        + e.getMessage()));
        return lines;
    }

    /** Clients that execute busy code through the Service back to back until stopped. */
    private static final class Load {
        private final String url;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong ok = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

        Load(String url) {
            this.url = url;
        }

        void start() {
            for (int i = 0; i < CLIENTS; i++) {
                clients.execute(() -> {
                    while (running.get()) {
                        try {
                            if (pools.post(url, BUSY).statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                });
            }
        }

        long succeeded() {
            return ok.get();
        }

        void stop() {
            running.set(false);
            clients.shutdown();
            try {
                clients.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            return ok.get() + " executions, " + failed.get() + " failed";
        }
    }
}
