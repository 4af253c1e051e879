package dev.isopool.operator.reconciler;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.isopool.operator.TestingPools;
import dev.isopool.operator.monitoring.MonitoringFiles;
import dev.isopool.operator.status.ConditionTypes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every metric name config/monitoring's alerts and dashboard use is one that a running runtime (the packaged
 * runtime-image, after one execution) or the running packaged operator (reconciling a ready pool) exports on
 * /q/metrics. Both scrapes are kept in target/monitoring/ to read.
 */
@QuarkusTest
@TestProfile(ExternalOperatorProfile.class)
@WithKubernetesTestServer(crud = true)
class MonitoringMetricsIT {

    static final Path RUNTIME_JAR = Path.of(System.getProperty("isopool.runtime.jar",
            "../runtime-image/target/quarkus-app/quarkus-run.jar"));
    private static final Pattern SERIES = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    @Inject
    KubernetesClient client;

    @Test
    void everyMetricTheMonitoringUsesIsScrapedFromTheRuntimeOrTheOperator() throws Exception {
        Set<String> used = MonitoringFiles.metricNames();
        Files.createDirectories(Path.of("target/monitoring"));
        String runtime = scrapeRuntime();
        Files.writeString(Path.of("target/monitoring/runtime.metrics"), runtime);
        String operator = scrapeOperator();
        Files.writeString(Path.of("target/monitoring/operator.metrics"), operator);

        Set<String> exported = new TreeSet<>(series(runtime));
        exported.addAll(series(operator));
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported);
        System.out.println("config/monitoring uses " + used.size() + " metric names: " + used);
        assertEquals(Set.of(), missing, "used by config/monitoring but exported by neither the runtime nor the "
                + "operator (scrapes in operator/target/monitoring/)");
    }

    private String scrapeOperator() throws Exception {
        try (OperatorProcess operator = OperatorProcess.start(client)) {
            try {
                PoolFixtures fixtures = new PoolFixtures(client, "monitoring");
                fixtures.create(TestingPools.pool("watched"));
                fixtures.awaitDeployment("watched");
                fixtures.markAllPodsReady("watched");
                fixtures.awaitCondition("watched", ConditionTypes.READY, "True", "AllReplicasReady");
                String metrics = operator.get("/q/metrics");
                assertTrue(metrics.startsWith("200 "), metrics);
                assertTrue(metrics.contains("isopool_pool_ready_replicas{namespace=\"monitoring\",pool=\"watched\"} 2"),
                        metrics);
                return metrics.substring(4);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("operator output:\n" + operator.output(), e);
            }
        }
    }

    private static String scrapeRuntime() throws Exception {
        if (!Files.isRegularFile(RUNTIME_JAR)) {
            String why = RUNTIME_JAR.toAbsolutePath().normalize() + " is not built (./mvnw -B -pl runtime-image "
                    + "package -DskipTests, or the full ./mvnw -B verify)";
            if ("1".equals(System.getenv("ISOPOOL_CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Path.of("target/monitoring/runtime.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", RUNTIME_JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("ISOPOOL_WORKERS", "1");
        Process process = builder.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("the runtime exited:\n" + Files.readString(log));
                        }
                        return http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
            HttpResponse<String> ran = http.send(HttpRequest.newBuilder(base.resolve("/v1/execute"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"1+1\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ran.statusCode(), ran.body());
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), metrics.body());
            return metrics.body();
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Set<String> series(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher m = SERIES.matcher(exposition);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
