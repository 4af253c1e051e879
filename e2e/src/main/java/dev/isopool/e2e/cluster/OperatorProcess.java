package dev.isopool.e2e.cluster;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged operator (`operator/target/quarkus-app/quarkus-run.jar`) as a child process, pointed at the local
 * API server with KUBECONFIG, with server-side apply (its production configuration, stated here so that an
 * environment that turns it off does not reach the child). Its HTTP server (health, metrics) takes a free port
 * on 127.0.0.1. Output goes to a log file.
 */
public final class OperatorProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    static final int PRODUCTION_HEAP_MIB = 512 * 70 / 100;

    private final Path jar;
    private final Path kubeconfig;
    private final Path log;
    private Process process;

    public OperatorProcess(Path jar, Path kubeconfig, Path log) {
        this.jar = jar.toAbsolutePath();
        this.kubeconfig = kubeconfig.toAbsolutePath();
        this.log = log.toAbsolutePath();
    }

    /** Starts the operator and waits until its controller runs. */
    public synchronized void start() throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("the operator is not built: " + jar
                    + " is missing (./mvnw -B -pl operator -am package -DskipTests)");
        }
        Files.createDirectories(log.getParent());
        long offset = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // config/operator/deployment.yaml's heap: MaxRAMPercentage=70 of its 512Mi limit. Without a
                // cgroup limit the JVM would size its heap from the machine's 24 GiB and RSS would say little.
                "-Xmx" + PRODUCTION_HEAP_MIB + "m", "-XX:+ExitOnOutOfMemoryError",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()));
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("ISOPOOL_OPERATOR_SERVER_SIDE_APPLY", "true");
        process = builder.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String output = output(offset);
            if (output.contains("Installed features")) {
                LOG.info("operator started (pid {}, log {})", process.pid(), log);
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("the operator exited with code " + process.exitValue() + ":\n" + output);
            }
            sleep(200);
        }
        close();
        throw new IOException("the operator did not start within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /** Stops the operator (SIGTERM, then SIGKILL after 20 s) and starts it again. */
    public synchronized void restart() throws IOException {
        close();
        start();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized Long pid() {
        return process == null ? null : process.pid();
    }

    public Path log() {
        return log;
    }

    private String output(long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset));
    }

    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("operator still running after {} s, killing it", STOP_GRACE.toSeconds());
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
