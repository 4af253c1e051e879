package dev.isopool.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the container's image with podman (root, host network, the pod's loopback address), enforcing the
 * container's memory and CPU limits and the pod's hardening (read-only root with a tmpfs for /tmp, non-root
 * user, no capabilities, no privilege escalation). The image must exist locally (`podman images`). The
 * `podman run` process in the foreground is the container: its exit is the container's, and SIGTERM to it
 * reaches the container (signal proxying is podman's default).
 */
public final class PodmanDriver implements ContainerDriver {

    private static final long TMP_BYTES = 256L * 1024 * 1024;

    @Override
    public Process start(Launch launch) throws IOException {
        Container c = launch.container();
        List<String> command = new ArrayList<>(List.of("podman", "run", "--rm", "--replace",
                "--name", containerName(launch), "--network", "host", "--read-only",
                "--tmpfs", "/tmp:rw,size=" + TMP_BYTES + ",mode=1777",
                "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--user", "10001:10001",
                "--pull", "never"));
        Map<String, Quantity> limits = c.getResources() == null || c.getResources().getLimits() == null
                ? Map.of() : c.getResources().getLimits();
        if (limits.containsKey("memory")) {
            command.add("--memory");
            command.add(Quantity.getAmountInBytes(limits.get("memory")).toBigInteger().toString());
        }
        if (limits.containsKey("cpu")) {
            BigDecimal cpus = Quantity.getAmountInBytes(limits.get("cpu"));
            BigDecimal host = BigDecimal.valueOf(Runtime.getRuntime().availableProcessors());
            command.add("--cpus");
            command.add(cpus.min(host).toPlainString());
        }
        launch.env().forEach((k, v) -> {
            command.add("--env");
            command.add(k + "=" + v);
        });
        command.add(c.getImage());
        if (c.getCommand() != null) {
            command.addAll(c.getCommand());
        }
        if (c.getArgs() != null) {
            command.addAll(c.getArgs());
        }
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(launch.log().toFile())).start();
    }

    /** Whether podman is on the PATH and answers. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("podman", "version", "--format", "{{.Client.Version}}")
                    .redirectErrorStream(true).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String containerName(Launch launch) {
        return "isopool-" + launch.namespace() + "-" + launch.pod();
    }

    @Override
    public String image(Container container) {
        return container.getImage();
    }

    @Override
    public String scheme() {
        return "podman";
    }
}
