package dev.isopool.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Runs a pod's container as something with a process handle: a local JVM or a podman container. */
public interface ContainerDriver {

    /** What a started container needs: where it listens, its environment, where it writes. */
    record Launch(String namespace, String pod, Container container, String ip, int port, Map<String, String> env,
            Path podDir, Path log) {
    }

    /** Starts the container; the process's exit is the container's exit. */
    Process start(Launch launch) throws IOException;

    /** The image reference reported in the container status. */
    String image(Container container);

    /** The driver's name in container IDs: `process://`, `podman://`. */
    String scheme();
}
