package dev.isopool.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real cluster (KUBECONFIG) with Isopool installed (`kubectl apply -k config`, operator in isopool-system).
 * Services and pods are reached through port-forwards.
 */
final class RealTestCluster implements TestCluster {

    static final String OPERATOR_NAMESPACE = "isopool-system";
    static final String OPERATOR_LABEL = "app.kubernetes.io/name";
    static final String OPERATOR_NAME = "isopool-operator";

    private final KubernetesClient client = new KubernetesClientBuilder().build();
    private final List<LocalPortForward> forwards = new ArrayList<>();

    RealTestCluster() {
        if (client.apiextensions().v1().customResourceDefinitions().withName("sandboxpools.isopool.dev").get()
                == null) {
            throw new IllegalStateException("KUBECONFIG points at " + client.getMasterUrl()
                    + " but the SandboxPool CRD is not installed there: kubectl apply -k config");
        }
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public synchronized String serviceUrl(String namespace, String service) {
        LocalPortForward forward = client.services().inNamespace(namespace).withName(service).portForward(8080);
        forwards.add(forward);
        return "http://127.0.0.1:" + forward.getLocalPort();
    }

    @Override
    public synchronized String podUrl(Pod pod) {
        LocalPortForward forward = client.pods().inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).portForward(8080);
        forwards.add(forward);
        return "http://127.0.0.1:" + forward.getLocalPort();
    }

    @Override
    public void killRuntime(Pod pod) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .withGracePeriod(0).delete();
    }

    @Override
    public void restartOperator() {
        client.pods().inNamespace(OPERATOR_NAMESPACE).withLabel(OPERATOR_LABEL, OPERATOR_NAME).delete();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> client.pods()
                .inNamespace(OPERATOR_NAMESPACE).withLabel(OPERATOR_LABEL, OPERATOR_NAME).list().getItems().stream()
                .anyMatch(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus().getConditions()
                        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))));
    }

    @Override
    public long runningRuntimes() {
        return -1;
    }

    @Override
    public boolean local() {
        return false;
    }

    @Override
    public String kubeconfig() {
        return System.getenv("KUBECONFIG");
    }

    @Override
    public synchronized void close() throws Exception {
        for (LocalPortForward f : forwards) {
            f.close();
        }
        client.close();
    }
}
