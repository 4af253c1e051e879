package dev.isopool.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pool's life as a user sees it: apply, Ready, execute through the Service, a flag change that rolls the
 * pods, a crashed runtime that is replaced, an invalid pool that says why, and delete that removes everything.
 * The steps build on each other and run in order.
 */
@ExtendWith(Clusters.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxPoolLifecycleE2E {

    private static final String POOL = "life";
    private static final String POOL_YAML = """
            apiVersion: isopool.dev/v1alpha1
            kind: SandboxPool
            metadata:
              name: life
            spec:
              replicas: 2
              workersPerPod: 1
              limits: {timeoutMs: 1000, heapMb: 32}
              resources: {cpu: 500m}
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static Pools pools;
    private static Kubectl kubectl;

    @BeforeAll
    static void cluster() {
        cluster = Clusters.current();
        client = cluster.client();
        pools = new Pools(client, "e2e-lifecycle");
        kubectl = new Kubectl(cluster);
    }

    @Test
    @Order(1)
    void anAppliedPoolBecomesReadyWithEverythingItOwns() {
        pools.apply(POOL_YAML);
        GenericKubernetesResource pool = pools.awaitReady(POOL);
        assertEquals(2, Pools.intStatus(pool, "readyReplicas"), () -> "status: " + Pools.status(pool));

        Deployment d = pools.deployment(POOL);
        assertNotNull(d, "the pool's Deployment");
        assertEquals(2, d.getSpec().getReplicas());
        assertEquals(2, d.getStatus().getReadyReplicas());
        String ns = pools.namespace();
        assertNotNull(client.services().inNamespace(ns).withName(POOL).get(), "Service");
        assertNotNull(client.policy().v1().podDisruptionBudget().inNamespace(ns).withName(POOL).get(), "PDB");
        assertNotNull(client.network().v1().networkPolicies().inNamespace(ns).withName(POOL).get(), "NetworkPolicy");
        List<Pod> pods = pools.readyPods(POOL);
        assertEquals(2, pods.size(), "ready pods");
        pods.forEach(p -> assertNotNull(p.getStatus().getPodIP(), "pod IP of " + p.getMetadata().getName()));
    }

    @Test
    @Order(2)
    void codeExecutesThroughTheService() throws Exception {
        String url = cluster.serviceUrl(pools.namespace(), POOL) + "/v1/execute";
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = pools.post(url, "{\"code\":\"6*7\"}");
            assertEquals(200, response.statusCode(), response::body);
            JsonNode result = JSON.readTree(response.body()).path("results").path(0);
            assertTrue(result.path("ok").asBoolean(), response::body);
            assertEquals(42, result.path("value").asInt(), response::body);
        }
        HttpResponse<String> failing = pools.post(url, "{\"code\":\"throw new Error('boom')\"}");
        assertEquals(200, failing.statusCode(), failing::body);
        assertEquals("Error", JSON.readTree(failing.body()).path("results").path(0).path("error").path("type")
                .asText(), failing::body);
    }

    @Test
    @Order(3)
    void kubectlShowsThePoolWithItsColumns() throws Exception {
        kubectl.require();
        String out = kubectl.ok("get", "sbp", POOL, "-n", pools.namespace());
        String header = out.lines().findFirst().orElse("");
        for (String column : List.of("NAME", "READY", "REPLICAS", "DESIRED", "LAG-P99", "SLOWDOWN", "AGE")) {
            assertTrue(header.contains(column), "column " + column + " in:\n" + out);
        }
        String row = out.lines().filter(l -> l.startsWith(POOL + " ")).findFirst().orElse("");
        assertTrue(row.matches(POOL + "\\s+True\\s+2\\s+.*"), "the pool's row:\n" + out);
        String waited = kubectl.ok("wait", "--for=condition=Ready", "sbp/" + POOL, "-n", pools.namespace(),
                "--timeout=60s");
        assertTrue(waited.contains("condition met"), waited);
        String podsOut = kubectl.ok("get", "pods", "-n", pools.namespace(), "-l", Pools.POOL_LABEL + "=" + POOL);
        assertEquals(2, podsOut.lines().filter(l -> l.contains("1/1") && l.contains("Running")).count(), podsOut);
    }

    @Test
    @Order(4)
    void aFlagChangeRollsThePodsAndTheRuntimesRunTheNewFlags() throws Exception {
        Set<String> before = names(pools.pods(POOL));
        pools.editSpec(POOL, spec -> spec.put("v8", Map.of("flags", List.of("--stack-size=900"))));
        await("the rollout replaces every pod").atMost(Pools.READY_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    List<Pod> ready = pools.readyPods(POOL);
                    return ready.size() == 2 && ready.stream().noneMatch(p -> before.contains(p.getMetadata().getName()))
                            && pools.pods(POOL).size() == 2;
                });
        pools.awaitReady(POOL);
        for (Pod pod : pools.readyPods(POOL)) {
            HttpResponse<String> signals = pools.get(URI.create(cluster.podUrl(pod) + "/v1/signals"));
            assertEquals(200, signals.statusCode(), () -> pod.getMetadata().getName() + ": " + signals.body());
            JsonNode flags = JSON.readTree(signals.body()).path("v8Flags");
            List<String> list = new ArrayList<>();
            flags.forEach(f -> list.add(f.asText()));
            assertTrue(list.contains("--stack-size=900"), () -> pod.getMetadata().getName() + " runs " + list);
        }
    }

    @Test
    @Order(5)
    void aKilledRuntimeIsReplacedAndThePoolReturnsToReady() {
        Pod victim = pools.readyPods(POOL).get(0);
        cluster.killRuntime(victim);
        await("the pool notices the crash").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> pools.readyPods(POOL).size() < 2
                        || restarts(pools.pods(POOL)) > restarts(List.of(victim)));
        await("the runtime is back").atMost(Pools.READY_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> pools.readyPods(POOL).size() == 2);
        GenericKubernetesResource pool = pools.awaitReady(POOL);
        assertEquals(2, Pools.intStatus(pool, "readyReplicas"));
        if (cluster.local()) {
            Pod again = client.pods().inNamespace(pools.namespace()).withName(victim.getMetadata().getName()).get();
            assertNotNull(again, "the kubelet restarts the container in the same pod");
            assertTrue(again.getStatus().getContainerStatuses().get(0).getRestartCount() >= 1,
                    () -> "restartCount: " + again.getStatus().getContainerStatuses());
        }
    }

    @Test
    @Order(6)
    void anInvalidPoolGetsItsConditionAndNoPods() {
        pools.apply("""
                apiVersion: isopool.dev/v1alpha1
                kind: SandboxPool
                metadata:
                  name: invalid
                spec:
                  replicas: 1
                  v8: {flags: ["--no-such-v8-flag"]}
                """);
        GenericKubernetesResource pool = pools.awaitCondition("invalid", "Degraded", "True", "InvalidSpec",
                Duration.ofSeconds(60));
        String message = String.valueOf(Pools.condition(pool, "Degraded").orElseThrow().get("message"));
        assertTrue(message.contains("--no-such-v8-flag"), "the condition names the flag: " + message);
        assertEquals("False", Pools.condition(pool, "Ready").orElseThrow().get("status"));
        assertEquals(null, pools.deployment("invalid"), "an invalid pool applies nothing");
        pools.delete("invalid");
    }

    @Test
    @Order(7)
    void deleteRemovesEverything() {
        long runtimesBefore = cluster.runningRuntimes();
        pools.delete(POOL);
        String ns = pools.namespace();
        await("everything the pool owned is gone").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> pools.get(POOL) == null
                        && client.apps().deployments().inNamespace(ns).withLabel(Pools.POOL_LABEL, POOL).list()
                                .getItems().isEmpty()
                        && client.services().inNamespace(ns).withName(POOL).get() == null
                        && client.policy().v1().podDisruptionBudget().inNamespace(ns).withName(POOL).get() == null
                        && client.network().v1().networkPolicies().inNamespace(ns).withName(POOL).get() == null
                        && client.serviceAccounts().inNamespace(ns).withName(POOL).get() == null
                        && client.pods().inNamespace(ns).withLabel(Pools.POOL_LABEL, POOL).list().getItems()
                                .isEmpty());
        if (cluster.local()) {
            await("the runtime processes have exited").atMost(Duration.ofMinutes(1))
                    .until(() -> cluster.runningRuntimes() <= runtimesBefore - 2);
        }
    }

    private static int restarts(List<Pod> pods) {
        return pods.stream().flatMap(p -> p.getStatus().getContainerStatuses().stream())
                .mapToInt(cs -> cs.getRestartCount() == null ? 0 : cs.getRestartCount()).sum();
    }

    private static Set<String> names(List<Pod> pods) {
        Set<String> names = new HashSet<>();
        pods.forEach(p -> names.add(p.getMetadata().getName()));
        return names;
    }
}
