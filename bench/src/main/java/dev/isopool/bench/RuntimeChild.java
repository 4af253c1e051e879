package dev.isopool.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged runtime as a child process on a free loopback port, with the environment a
 * benchmark gives it; its output goes to a log file. Ready once {@code /q/health/ready} says so.
 */
final class RuntimeChild implements AutoCloseable {
    private static final long READY_SECONDS = 120;

    private final Process process;
    private final URI base;
    private final Path log;

    private RuntimeChild(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    static RuntimeChild start(Path jar, Map<String, String> env, Path log, HttpClient client)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("runtime jar missing: " + jar + " (./isopool bench fairness builds it)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        RuntimeChild child = new RuntimeChild(pb.start(), URI.create("http://127.0.0.1:" + port), log);
        child.awaitReady(client);
        return child;
    }

    URI execute() {
        return base.resolve("/v1/execute");
    }

    /** {@code GET /v1/signals}, as text. */
    String signals(HttpClient client) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(base.resolve("/v1/signals")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** {@code GET /q/metrics} (Prometheus text). */
    String metrics(HttpClient client) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private void awaitReady(HttpClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        HttpRequest ready = HttpRequest.newBuilder(base.resolve("/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the runtime exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("the runtime was not ready after " + READY_SECONDS + " s; see " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
