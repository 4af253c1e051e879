package dev.isopool.operator.reconciler;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged operator (target/quarkus-app/quarkus-run.jar, the production build) run as its own process
 * against the test's mock API server, with server-side apply switched off at run time.
 */
final class OperatorProcess implements AutoCloseable {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Path CRD = Path.of("target/kubernetes/sandboxpools.isopool.dev-v1.yml");

    private final Process process;
    private final Path log;

    private OperatorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Installs the CRD, starts the operator and waits until it has started its controller. */
    static OperatorProcess start(KubernetesClient client) throws IOException {
        try (InputStream in = new FileInputStream(CRD.toFile())) {
            CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in,
                    CustomResourceDefinition.class);
            client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(c -> c.update());
        }
        Path log = Files.createTempFile("isopool-operator", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(),
                // quarkus.kubernetes-client.* is fixed at build time; Fabric8 reads its own properties at run time
                "-Dkubernetes.master=" + client.getMasterUrl(),
                "-Dkubernetes.trust.certificates=true",
                "-Dkubernetes.auth.tryKubeConfig=false",
                "-Dquarkus.http.port=0",
                "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("ISOPOOL_OPERATOR_SERVER_SIDE_APPLY", "false");
        OperatorProcess operator = new OperatorProcess(builder.start(), log);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!operator.process.isAlive()) {
                throw new IllegalStateException("the operator exited:\n" + operator.output());
            }
            return operator.output().contains("Installed features");
        });
        return operator;
    }

    /** Resident set size of the operator process, in MiB. */
    long rssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /** Fetches a path from the operator's HTTP server (health, metrics). */
    String get(String path) throws IOException, InterruptedException {
        Matcher port = Pattern.compile("Listening on: http://[^:]+:(\\d+)")
                .matcher(output());
        if (!port.find()) {
            throw new IllegalStateException("no HTTP port in the operator's log");
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
