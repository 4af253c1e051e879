package dev.isopool.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a user sees of SandboxPools because a real API server serves them: the CRD's schema refuses a broken
 * pool at apply, fills in defaults and documents its fields for `kubectl explain`; `/scale` works for
 * `kubectl scale`; the operator's writes are server-side applies; and deleting a pool lets the garbage
 * collector remove what it owned.
 */
@ExtendWith(Clusters.class)
class ApiServerE2E {

    /** The operator's field manager: Java Operator SDK names it after the controller. */
    private static final String FIELD_MANAGER = "sandboxpool";

    private static KubernetesClient client;
    private static Pools pools;
    private static Kubectl kubectl;

    @BeforeAll
    static void cluster() {
        TestCluster cluster = Clusters.current();
        client = cluster.client();
        pools = new Pools(client, "e2e-apiserver");
        kubectl = new Kubectl(cluster);
    }

    @Test
    void aPoolThatBreaksTheSchemaIsRefusedAtApplyWithTheApiServersMessage() throws Exception {
        kubectl.require();
        Kubectl.Result r = kubectl.run("""
                apiVersion: isopool.dev/v1alpha1
                kind: SandboxPool
                metadata:
                  name: broken
                spec:
                  engine: python
                  workersPerPod: 5000
                """, "apply", "-n", pools.namespace(), "-f", "-");
        assertNotEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("is invalid"), r.out());
        assertTrue(r.out().contains("spec.engine: Unsupported value: \"python\""), r.out());
        assertTrue(r.out().contains("spec.workersPerPod: Invalid value: 5000"), r.out());
        assertNull(pools.get("broken"), "nothing was stored");
    }

    @Test
    void theApiServersDefaultsShowInGetOutput() throws Exception {
        kubectl.require();
        pools.apply("""
                apiVersion: isopool.dev/v1alpha1
                kind: SandboxPool
                metadata:
                  name: defaulted
                spec:
                  replicas: 0
                  limits: {}
                """);
        String yaml = kubectl.ok("get", "sbp", "defaulted", "-n", pools.namespace(), "-o", "yaml");
        assertTrue(yaml.contains("engine: v8"), yaml);
        assertTrue(yaml.contains("workersPerPod: 2"), yaml);
        assertTrue(yaml.contains("heapMb: 64"), yaml);
        assertTrue(yaml.contains("timeoutMs: 1000"), yaml);
        pools.delete("defaulted");
    }

    @Test
    void kubectlExplainShowsTheFieldDocs() throws Exception {
        kubectl.require();
        String out = kubectl.ok("explain", "sbp.spec.autoscaling");
        assertTrue(out.contains("KIND:       SandboxPool"), out);
        assertTrue(out.contains("Signal-driven sizing of the pool."), out);
        assertTrue(out.contains("eventLoopLagP99TargetMs"), out);
        assertTrue(out.contains("scaleDownStabilizationSeconds"), out);
    }

    @Test
    void kubectlScaleGoesThroughTheScaleSubresourceToTheDeployment() throws Exception {
        kubectl.require();
        pools.apply("""
                apiVersion: isopool.dev/v1alpha1
                kind: SandboxPool
                metadata:
                  name: scaled
                spec:
                  replicas: 1
                  workersPerPod: 1
                  resources: {cpu: 500m}
                """);
        pools.awaitReady("scaled");
        String out = kubectl.ok("scale", "sbp", "scaled", "-n", pools.namespace(), "--replicas=3");
        assertTrue(out.contains("scaled"), out);
        String scale = kubectl.ok("get", "--raw", "/apis/isopool.dev/v1alpha1/namespaces/" + pools.namespace()
                + "/sandboxpools/scaled/scale");
        assertTrue(scale.contains("\"kind\":\"Scale\"") && scale.contains("\"replicas\":3"), scale);
        await("the Deployment follows").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> pools.deployment("scaled").getSpec().getReplicas() == 3);
        GenericKubernetesResource pool = pools.awaitCondition("scaled", "Ready", "True", null,
                Pools.READY_TIMEOUT);
        assertEquals(3, Pools.intStatus(pool, "readyReplicas"), () -> "status: " + Pools.status(pool));
        assertEquals(3, pools.readyPods("scaled").size());

        // the operator's own writes are server-side applies under its field manager
        List<ManagedFieldsEntry> deployment = pools.deployment("scaled").getMetadata().getManagedFields();
        assertTrue(deployment.stream().anyMatch(m -> FIELD_MANAGER.equals(m.getManager())
                && "Apply".equals(m.getOperation())), () -> "Deployment managedFields: " + managers(deployment));
        List<ManagedFieldsEntry> status = pools.get("scaled").getMetadata().getManagedFields();
        assertTrue(status.stream().anyMatch(m -> FIELD_MANAGER.equals(m.getManager())
                && "Apply".equals(m.getOperation()) && "status".equals(m.getSubresource())),
                () -> "SandboxPool managedFields: " + managers(status));
        pools.delete("scaled");
    }

    @Test
    void deletingAPoolLetsTheGarbageCollectorRemoveWhatItOwned() {
        pools.apply("""
                apiVersion: isopool.dev/v1alpha1
                kind: SandboxPool
                metadata:
                  name: doomed
                spec:
                  replicas: 1
                  workersPerPod: 1
                  resources: {cpu: 500m}
                """);
        pools.awaitReady("doomed");
        String uid = pools.get("doomed").getMetadata().getUid();
        Deployment d = pools.deployment("doomed");
        OwnerReference owner = d.getMetadata().getOwnerReferences().stream().filter(o -> uid.equals(o.getUid()))
                .findFirst().orElse(null);
        // what the garbage collector follows; the operator does not set controller: true on it (Java Operator
        // SDK's owner reference), so kubectl describe shows no "Controlled By" for the Deployment
        assertNotNull(owner, "the Deployment is owned by its pool: " + d.getMetadata().getOwnerReferences());
        assertEquals("SandboxPool", owner.getKind());
        String ns = pools.namespace();
        assertEquals(1, client.apps().replicaSets().inNamespace(ns).withLabel(Pools.POOL_LABEL, "doomed").list()
                .getItems().size(), "the controller-manager made the Deployment's ReplicaSet");

        pools.delete("doomed");
        await("the garbage collector removes the Deployment, its ReplicaSet and pods, and the rest")
                .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> pools.deployment("doomed") == null
                        && client.apps().replicaSets().inNamespace(ns).withLabel(Pools.POOL_LABEL, "doomed").list()
                                .getItems().isEmpty()
                        && client.pods().inNamespace(ns).withLabel(Pools.POOL_LABEL, "doomed").list().getItems()
                                .isEmpty()
                        && client.services().inNamespace(ns).withName("doomed").get() == null
                        && client.serviceAccounts().inNamespace(ns).withName("doomed").get() == null);
    }

    private static List<String> managers(List<ManagedFieldsEntry> entries) {
        return entries.stream().map(m -> m.getManager() + "/" + m.getOperation()
                + (m.getSubresource() == null ? "" : "/" + m.getSubresource())).toList();
    }
}
