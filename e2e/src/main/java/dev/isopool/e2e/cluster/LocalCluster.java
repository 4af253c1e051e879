package dev.isopool.e2e.cluster;

import dev.isopool.e2e.apiserver.LocalApiServer;
import dev.isopool.e2e.kubelet.ContainerDriver;
import dev.isopool.e2e.kubelet.LocalKubelet;
import dev.isopool.e2e.kubelet.PodmanDriver;
import dev.isopool.e2e.kubelet.ProcessDriver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine: the embedded API server, the garbage collector, the local kubelet, the
 * Service proxy and the operator, started in that order and stopped in reverse. State (kubeconfig, logs, pod
 * directories) lives under one directory.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    public static final String CRD_FILE = "crds/sandboxpools.isopool.dev-v1.yml";
    public static final String RUNTIME_JAR = "runtime-image/target/quarkus-app/quarkus-run.jar";
    public static final String OPERATOR_JAR = "operator/target/quarkus-app/quarkus-run.jar";
    public static final String POD_NETWORK = "127.0.1";
    public static final String SERVICE_NETWORK = "127.0.2";

    /** Where things are and how to run them. */
    public record Options(Path root, Path stateDir, String apiHost, int apiPort, String driver, Path runtimeJar,
            Path operatorJar) {

        /** The jars built in the repository, unless -Disopool.runtime.jar / -Disopool.operator.jar say otherwise. */
        public static Options defaults(Path root, Path stateDir) {
            return new Options(root, stateDir, "127.0.0.1", 0, "process",
                    Path.of(System.getProperty("isopool.runtime.jar", root.resolve(RUNTIME_JAR).toString())),
                    Path.of(System.getProperty("isopool.operator.jar", root.resolve(OPERATOR_JAR).toString())));
        }

        public Options withApiPort(int port) {
            return new Options(root, stateDir, apiHost, port, driver, runtimeJar, operatorJar);
        }

        public Options withDriver(String name) {
            return new Options(root, stateDir, apiHost, apiPort, name, runtimeJar, operatorJar);
        }
    }

    private final Options options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private LocalApiServer api;
    private KubernetesClient client;
    private LocalKubelet kubelet;
    private ServiceProxy proxy;
    private OperatorProcess operator;

    private LocalCluster(Options options) {
        this.options = options;
    }

    /** Starts everything and installs the SandboxPool CRD; on failure stops what had started. */
    public static LocalCluster start(Options options) throws IOException {
        LocalCluster cluster = new LocalCluster(options);
        try {
            cluster.startAll();
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll() throws IOException {
        Path state = options.stateDir().toAbsolutePath();
        Files.createDirectories(state.resolve("logs"));
        api = LocalApiServer.start(options.apiHost(), options.apiPort(), SERVICE_NETWORK);
        started.add(api);
        api.writeKubeconfig(kubeconfig());
        client = new KubernetesClientBuilder().withConfig(api.clientConfig()).build();
        started.add(client);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata()
                .build()).createOr(n -> n.update());
        installCrd();

        GarbageCollector gc = new GarbageCollector(client);
        gc.start();
        started.add(gc);

        kubelet = new LocalKubelet(client, driver(), state.resolve("pods"), POD_NETWORK);
        kubelet.start();
        started.add(kubelet);
        api.setPodLogs(kubelet::logFile);

        proxy = new ServiceProxy(client, SERVICE_NETWORK);
        proxy.start();
        started.add(proxy);

        operator = new OperatorProcess(options.operatorJar(), kubeconfig(), state.resolve("logs/operator.log"));
        started.add(operator);
        operator.start();
    }

    private ContainerDriver driver() {
        return switch (options.driver()) {
            case "process" -> new ProcessDriver(options.runtimeJar());
            case "podman" -> {
                if (!PodmanDriver.available()) {
                    throw new IllegalStateException("the podman driver was asked for but podman does not answer");
                }
                yield new PodmanDriver();
            }
            default -> throw new IllegalArgumentException("unknown kubelet driver '" + options.driver()
                    + "' (process or podman)");
        };
    }

    private void installCrd() throws IOException {
        Path crd = options.root().resolve(CRD_FILE);
        try (InputStream in = Files.newInputStream(crd)) {
            for (HasMetadata item : client.load(in).items()) {
                client.resource(item).createOr(c -> c.update());
            }
        }
    }

    public KubernetesClient client() {
        return client;
    }

    public LocalApiServer api() {
        return api;
    }

    public LocalKubelet kubelet() {
        return kubelet;
    }

    public ServiceProxy serviceProxy() {
        return proxy;
    }

    public OperatorProcess operator() {
        return operator;
    }

    public Path kubeconfig() {
        return options.stateDir().toAbsolutePath().resolve("kubeconfig");
    }

    /** Stops the operator first (so that nothing recreates what stops), then the rest in reverse order. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            AutoCloseable c = started.get(i);
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }
}
