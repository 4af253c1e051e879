package dev.isopool.runtime.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The packaged runtime ({@code target/quarkus-app/quarkus-run.jar}) as a child process on a free
 * loopback port, with the environment a test gives it, optionally under a command prefix such as
 * {@code taskset -c 0}. Its output goes to {@code target/it-logs/NAME.log}.
 */
public final class RuntimeProcess implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Process process;
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RuntimeProcess(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** Starts the runtime and waits until it reports ready. */
    public static RuntimeProcess start(String name, Map<String, String> env, List<String> prefix) {
        int port = freePort();
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
        try {
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve(name + ".log").toFile());
            pb.environment().putAll(env);
            pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
            pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            RuntimeProcess runtime = new RuntimeProcess(pb.start(), URI.create("http://127.0.0.1:" + port));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                    .until(() -> {
                        if (!runtime.process.isAlive()) {
                            throw new AssertionError("the runtime exited with " + runtime.process.exitValue()
                                    + "; see target/it-logs/" + name + ".log");
                        }
                        return runtime.get("/q/health/ready").statusCode() == 200;
                    });
            return runtime;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process's resident memory in MiB, from /proc (-1 where it cannot be read). */
    public long rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public int port() {
        return base.getPort();
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> execute(String body) throws IOException, InterruptedException {
        return client.send(request(body), HttpResponse.BodyHandlers.ofString());
    }

    public CompletableFuture<HttpResponse<String>> executeAsync(String body) {
        return client.sendAsync(request(body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(base.resolve("/v1/execute")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** {@code GET /v1/signals}, parsed. */
    public JsonNode signals() {
        try {
            return MAPPER.readTree(get("/v1/signals").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends SIGTERM, as Kubernetes does when it stops a pod. */
    public void terminate() {
        process.destroy();
    }

    public boolean awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A script that keeps a worker busy for about {@code ms} milliseconds of CPU. */
    public static String busyFor(int ms) {
        return "{\"code\":\"const end = Date.now() + " + ms + "; let x = 0; while (Date.now() < end) x++; x > 0\"}";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
