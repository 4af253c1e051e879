package dev.isopool.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the runtime container as a local JVM: the pod template's image is not pulled; the locally built runtime
 * (`runtime-image/target/quarkus-app/quarkus-run.jar`) runs with the container's environment, its own temp
 * directory (Javet unpacks its native library there at each start) and the pod's loopback address. The
 * container's resource limits are not enforced (the podman driver enforces them).
 */
public final class ProcessDriver implements ContainerDriver {

    private final Path runtimeJar;
    private final String java;

    public ProcessDriver(Path runtimeJar) {
        this.runtimeJar = runtimeJar.toAbsolutePath();
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public Process start(Launch launch) throws IOException {
        if (!Files.isRegularFile(runtimeJar)) {
            throw new IOException("the runtime is not built: " + runtimeJar
                    + " is missing (./mvnw -B -pl runtime-image -am package -DskipTests)");
        }
        Path tmp = Files.createDirectories(launch.podDir().resolve("tmp"));
        List<String> command = new ArrayList<>();
        command.add(java);
        // after JAVA_TOOL_OPTIONS (which the pod sets with -Djava.io.tmpdir=/tmp), so this one wins
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-jar");
        command.add(runtimeJar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(launch.podDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(launch.log().toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("HOME", launch.podDir().toString());
        builder.environment().put("TMPDIR", tmp.toString());
        builder.environment().putAll(launch.env());
        return builder.start();
    }

    @Override
    public String image(Container container) {
        return container.getImage() + " (local " + runtimeJar.getFileName() + ")";
    }

    @Override
    public String scheme() {
        return "process";
    }
}
