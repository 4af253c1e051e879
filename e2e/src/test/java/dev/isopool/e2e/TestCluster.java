package dev.isopool.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The cluster the E2E tests drive: the local one, or a real one when KUBECONFIG is set. */
public interface TestCluster extends AutoCloseable {

    KubernetesClient client();

    /** A base URL that reaches the Service (local: its proxy; real: a port-forward). */
    String serviceUrl(String namespace, String service);

    /** A base URL that reaches one pod's runtime directly. */
    String podUrl(Pod pod);

    /** Ends a pod's runtime process as a crash would (local: SIGKILL; real: the pod is deleted at once). */
    void killRuntime(Pod pod);

    /** Stops the operator and starts it again; returns once it runs. */
    void restartOperator() throws Exception;

    /** Runtime processes alive on this machine (local cluster); -1 on a real cluster. */
    long runningRuntimes();

    /** Whether this is the local cluster (some checks only make sense there). */
    boolean local();

    /** The kubeconfig kubectl should use. */
    String kubeconfig();

    /** The kubectl to run: the control plane's own on the local cluster, else the one on the PATH. */
    default String kubectl() {
        return "kubectl";
    }
}
