package dev.isopool.e2e;

import dev.isopool.e2e.cluster.LocalCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/** The local cluster of `./isopool up`, started once for the whole E2E run. */
final class LocalTestCluster implements TestCluster {

    private final LocalCluster cluster;

    LocalTestCluster(Path root) throws Exception {
        Path state = root.resolve("e2e/target/e2e-cluster");
        this.cluster = LocalCluster.start(LocalCluster.Options.defaults(root, state));
    }

    @Override
    public KubernetesClient client() {
        return cluster.client();
    }

    @Override
    public String serviceUrl(String namespace, String service) {
        return cluster.serviceProxy().url(namespace, service).orElseThrow(() -> new AssertionError(
                "the local Service proxy does not listen for " + namespace + "/" + service));
    }

    @Override
    public String podUrl(Pod pod) {
        return "http://" + pod.getStatus().getPodIP() + ":8080";
    }

    @Override
    public void killRuntime(Pod pod) {
        if (!cluster.killContainer(pod.getMetadata().getNamespace(), pod.getMetadata().getName())) {
            throw new AssertionError("the kubelet runs no pod " + pod.getMetadata().getName());
        }
    }

    @Override
    public void restartOperator() throws Exception {
        cluster.operator().restart();
    }

    @Override
    public long runningRuntimes() {
        return cluster.runningContainers();
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public String kubectl() {
        return cluster.controlPlane().flatMap(cp -> cp.kubectl()).map(Object::toString).orElse("kubectl");
    }

    @Override
    public String kubeconfig() {
        return cluster.kubeconfig().toString();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
