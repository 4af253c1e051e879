package dev.isopool.e2e.controlplane;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The control plane's binaries: `e2e/controlplane/build.sh` builds them into the cache once (its progress on
 * this process's stderr) and names the directory; empty when no Go toolchain new enough is on the PATH.
 */
public final class ControlPlaneBuild {

    public static final String SCRIPT = "e2e/controlplane/build.sh";
    /** build.sh's exit status for "no Go toolchain new enough" (it has said so on stderr). */
    private static final int NO_GO = 3;

    private ControlPlaneBuild() {
    }

    /** Builds if needed; the directory holding kube-apiserver, kube-controller-manager, kube-scheduler, etcd. */
    public static Optional<Path> binaries(Path root) throws IOException {
        Path script = root.resolve(SCRIPT);
        if (!Files.isExecutable(script)) {
            throw new IOException(script + " is missing or not executable");
        }
        Process p = new ProcessBuilder(script.toString()).redirectError(Redirect.INHERIT)
                .redirectInput(Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the control plane", e);
        }
        if (code == NO_GO) {
            return Optional.empty();
        }
        if (code != 0) {
            throw new IOException(SCRIPT + " failed with exit code " + code + " (its output is above)");
        }
        return Optional.of(Path.of(out));
    }
}
