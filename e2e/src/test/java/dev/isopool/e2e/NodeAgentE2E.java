package dev.isopool.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local cluster's node as kubectl shows it: Node `local` Ready with a Lease that keeps being renewed, the
 * controller-manager's ReplicaSet behind a pool's Deployment, and `kubectl logs` served by the node agent's
 * kubelet API. Local cluster only: a real cluster has real kubelets.
 */
@ExtendWith(Clusters.class)
class NodeAgentE2E {

    private static final String POOL = "noded";

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static Pools pools;
    private static Kubectl kubectl;

    @BeforeAll
    static void cluster() {
        cluster = Clusters.current();
        assumeTrue(cluster.local(), "the node agent runs only on the local cluster");
        client = cluster.client();
        pools = new Pools(client, "e2e-node");
        kubectl = new Kubectl(cluster);
    }

    @Test
    void theNodeIsReadyAndRenewsItsLease() throws Exception {
        kubectl.require();
        String nodes = kubectl.ok("get", "nodes");
        assertTrue(nodes.lines().anyMatch(l -> l.matches("local\\s+Ready\\s+.*v1\\.37\\.2\\s*")), nodes);
        Node node = client.nodes().withName("local").get();
        assertTrue(node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort() > 0, "kubelet port");
        ZonedDateTime first = lease().getSpec().getRenewTime();
        // renewed every 10 s; 35 s leaves room for a busy machine and stays inside the 40 s lease
        await("the lease is renewed").atMost(Duration.ofSeconds(35)).pollInterval(Duration.ofSeconds(1))
                .until(() -> lease().getSpec().getRenewTime().isAfter(first));
    }

    @Test
    void aPoolsPodsComeFromTheControllerManagersReplicaSetAndServeTheirLogs() throws Exception {
        kubectl.require();
        pools.apply("""
                apiVersion: isopool.dev/v1alpha1
                kind: SandboxPool
                metadata:
                  name: noded
                spec:
                  replicas: 1
                  workersPerPod: 1
                  resources: {cpu: 500m}
                """);
        pools.awaitReady(POOL);
        String ns = pools.namespace();
        String rs = kubectl.ok("get", "rs", "-n", ns, "-l", Pools.POOL_LABEL + "=" + POOL, "-o",
                "jsonpath={.items[*].metadata.ownerReferences[0].kind}/{.items[*].status.readyReplicas}");
        assertEquals("Deployment/1", rs.strip());
        List<Pod> ready = pools.readyPods(POOL);
        assertEquals(1, ready.size());
        Pod pod = ready.get(0);
        assertEquals("local", pod.getSpec().getNodeName(), "bound by the scheduler");
        assertTrue(pod.getStatus().getPodIP().startsWith("127.0.1."), pod.getStatus().getPodIP());

        String logs = kubectl.ok("logs", "-n", ns, pod.getMetadata().getName(), "--tail=50");
        assertTrue(logs.contains("Listening on: http://" + pod.getStatus().getPodIP() + ":8080"), logs);
        String one = kubectl.ok("logs", "-n", ns, pod.getMetadata().getName(), "--tail=1");
        assertEquals(1, one.strip().lines().count(), one);
        pools.delete(POOL);
    }

    private static Lease lease() {
        return client.leases().inNamespace("kube-node-lease").withName("local").get();
    }
}
