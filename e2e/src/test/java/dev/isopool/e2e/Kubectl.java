package dev.isopool.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** kubectl on the PATH, pointed at the test cluster's kubeconfig: what a user types, with its exit code. */
final class Kubectl {

    /** What kubectl printed (stdout and stderr together) and how it exited. */
    record Result(int exit, String out) {
    }

    private final String command;
    private final String kubeconfig;

    Kubectl(TestCluster cluster) {
        this.command = cluster.kubectl();
        this.kubeconfig = cluster.kubeconfig();
    }

    /** Whether this kubectl runs at all (the tests that need it are skipped, or fail under ISOPOOL_CI). */
    boolean available() {
        try {
            Process p = new ProcessBuilder(command, "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Skips the calling test when kubectl does not run, or fails it under .ci/run (ISOPOOL_CI=1). */
    void require() {
        if (!available()) {
            String why = command + " does not run (" + command + " version --client)";
            if ("1".equals(System.getenv("ISOPOOL_CI"))) {
                throw new AssertionError(why);
            }
            org.junit.jupiter.api.Assumptions.abort(why);
        }
    }

    /** Runs kubectl; asserts only that it finished. */
    Result run(String stdin, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(command, "--kubeconfig", kubeconfig));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        Path input = null;
        if (stdin != null) {
            input = Files.createTempFile("kubectl-stdin", ".yaml");
            Files.writeString(input, stdin);
            builder.redirectInput(input.toFile());
        }
        try {
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "kubectl " + String.join(" ", args) + " did not finish");
            return new Result(p.exitValue(), out);
        } finally {
            if (input != null) {
                deleteQuietly(input);
            }
        }
    }

    /** Runs kubectl and asserts it succeeded; its output. */
    String ok(String... args) throws Exception {
        Result r = run(null, args);
        assertEquals(0, r.exit(), () -> "kubectl " + String.join(" ", args) + ":\n" + r.out());
        return r.out();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temp file; the OS cleans it up
        }
    }
}
