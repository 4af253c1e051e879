package dev.isopool.e2e.cluster;

import dev.isopool.e2e.controlplane.ClusterPki;
import dev.isopool.e2e.controlplane.ControlPlane;
import dev.isopool.e2e.controlplane.ControlPlaneBuild;
import dev.isopool.e2e.controlplane.Kubeconfig;
import dev.isopool.e2e.kubelet.ContainerDriver;
import dev.isopool.e2e.kubelet.KubeletServer;
import dev.isopool.e2e.kubelet.NodeAgent;
import dev.isopool.e2e.kubelet.PodmanDriver;
import dev.isopool.e2e.kubelet.ProcessDriver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine: Kubernetes' own control plane ({@link ControlPlane}) with the CRD from
 * `crds/` and the RBAC of `config/rbac/`, the node agent ({@link NodeAgent}, as system:node:local) and its
 * kubelet API, the Service proxy, and the operator with server-side apply as its ServiceAccount (a TokenRequest
 * token). Started in that order and stopped in reverse; state (kubeconfigs, logs, pod directories) lives under
 * one directory.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    public static final String CRD_FILE = "crds/sandboxpools.isopool.dev-v1.yml";
    public static final String RBAC_DIR = "config/rbac";
    public static final String RUNTIME_JAR = "runtime-image/target/quarkus-app/quarkus-run.jar";
    public static final String OPERATOR_JAR = "operator/target/quarkus-app/quarkus-run.jar";
    public static final String POD_NETWORK = "127.0.1";
    public static final String SERVICE_NETWORK = "127.0.2";
    public static final String OPERATOR_NAMESPACE = "isopool-system";
    public static final String OPERATOR_SERVICE_ACCOUNT = "isopool-operator";
    private static final long OPERATOR_TOKEN_SECONDS = 7 * 24 * 3600;

    /** Where things are and how to run them. */
    public record Options(Path root, Path stateDir, int apiPort, String driver, Path runtimeJar,
            Path operatorJar, String serviceRange) {

        /** The jars built in the repository, unless -Disopool.runtime.jar / -Disopool.operator.jar say otherwise. */
        public static Options defaults(Path root, Path stateDir) {
            return new Options(root, stateDir, 0, "process",
                    Path.of(System.getProperty("isopool.runtime.jar", root.resolve(RUNTIME_JAR).toString())),
                    Path.of(System.getProperty("isopool.operator.jar", root.resolve(OPERATOR_JAR).toString())),
                    ControlPlane.SERVICE_RANGE);
        }

        public Options withApiPort(int port) {
            return new Options(root, stateDir, port, driver, runtimeJar, operatorJar, serviceRange);
        }

        public Options withDriver(String name) {
            return new Options(root, stateDir, apiPort, name, runtimeJar, operatorJar, serviceRange);
        }

        /** Service cluster IPs from another loopback range (the proxy serves only those in 127.0.2.0/24). */
        public Options withServiceRange(String cidr) {
            return new Options(root, stateDir, apiPort, driver, runtimeJar, operatorJar, cidr);
        }
    }

    private final Options options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private boolean closed;
    private ControlPlane controlPlane;
    private KubernetesClient client;
    private NodeAgent node;
    private ServiceProxy proxy;
    private OperatorProcess operator;

    /** A cluster not yet started; {@link #close()} may be called at any time, from any thread. */
    public LocalCluster(Options options) {
        this.options = options;
    }

    /** Starts everything (see {@link #start()}). */
    public static LocalCluster start(Options options) throws IOException {
        LocalCluster cluster = new LocalCluster(options);
        cluster.start();
        return cluster;
    }

    /**
     * Builds the control plane if its binaries are not cached (progress on stderr; fails with build.sh's
     * reason when Go is missing or too old), starts everything; on failure stops what had started.
     */
    public void start() throws IOException {
        Path bin = ControlPlaneBuild.binaries(options.root()).orElseThrow(() -> new IOException(
                "the local cluster runs Kubernetes' own control plane, which is built from its Go modules: "
                        + "install Go >= 1.26 (https://go.dev/dl/) and run again (" + ControlPlaneBuild.SCRIPT
                        + " said why above)"));
        try {
            startAll(bin);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Records what must be stopped; refuses once the cluster is closing (Ctrl-C during start). */
    private synchronized <T extends AutoCloseable> T track(T c) throws IOException {
        if (closed) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
            throw new IOException("the local cluster was stopped while starting");
        }
        started.add(c);
        return c;
    }

    private void startAll(Path bin) throws IOException {
        Path state = options.stateDir().toAbsolutePath();
        Files.createDirectories(state.resolve("logs"));
        controlPlane = track(new ControlPlane(bin, state.resolve("controlplane"), options.serviceRange()));
        controlPlane.start(options.apiPort());
        Files.copy(controlPlane.adminKubeconfig(), kubeconfig(), StandardCopyOption.REPLACE_EXISTING);
        client = clientFor(kubeconfig());
        track(client);
        installCrd();
        installRbac();

        ClusterPki pki = controlPlane.pki();
        Path nodeConfig = state.resolve("controlplane/pki/node.kubeconfig");
        Kubeconfig.withCertificate(nodeConfig, controlPlane.server(), pki.caCert(),
                pki.client("node-local", "system:node:" + NodeAgent.NODE, List.of(ControlPlane.NODE_GROUP)),
                "system:node:" + NodeAgent.NODE);
        KubernetesClient nodeClient = clientFor(nodeConfig);
        track(nodeClient);
        int kubeletPort = ControlPlane.freePort();
        node = new NodeAgent(nodeClient, driver(), state.resolve("pods"), POD_NETWORK, kubeletPort,
                client.getKubernetesVersion().getGitVersion());
        KubeletServer kubeletApi = new KubeletServer(node::logFile);
        ClusterPki.Pair serving = pki.serving("kubelet", NodeAgent.NODE, List.of("127.0.0.1"),
                List.of(NodeAgent.NODE, "localhost"));
        kubeletApi.start(kubeletPort, serving.cert(), serving.key(), pki.caCert());
        track(kubeletApi);
        node.start();
        track(node);

        proxy = new ServiceProxy(client, SERVICE_NETWORK);
        proxy.start();
        track(proxy);

        Path operatorConfig = state.resolve("controlplane/pki/operator.kubeconfig");
        String token = client.serviceAccounts().inNamespace(OPERATOR_NAMESPACE).withName(OPERATOR_SERVICE_ACCOUNT)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(OPERATOR_TOKEN_SECONDS)
                        .endSpec().build()).getStatus().getToken();
        Kubeconfig.withToken(operatorConfig, controlPlane.server(), pki.caCert(), token,
                "system:serviceaccount:" + OPERATOR_NAMESPACE + ":" + OPERATOR_SERVICE_ACCOUNT);
        operator = new OperatorProcess(options.operatorJar(), operatorConfig, state.resolve("logs/operator.log"));
        track(operator);
        operator.start();
    }

    private static KubernetesClient clientFor(Path kubeconfig) throws IOException {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
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
        client.apiextensions().v1().customResourceDefinitions().withName("sandboxpools.isopool.dev")
                .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                        30, TimeUnit.SECONDS);
    }

    /** config/rbac/ as `kubectl apply -k config` installs it: namespaced objects into isopool-system. */
    private void installRbac() throws IOException {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OPERATOR_NAMESPACE)
                .endMetadata().build()).createOr(n -> n.update());
        for (String file : List.of("service_account.yaml", "cluster_role.yaml", "cluster_role_binding.yaml")) {
            try (InputStream in = Files.newInputStream(options.root().resolve(RBAC_DIR).resolve(file))) {
                for (HasMetadata item : client.load(in).items()) {
                    client.resource(item).inNamespace(OPERATOR_NAMESPACE).createOr(c -> c.update());
                }
            }
        }
    }

    /** Whether {@link #close()} has begun. */
    public synchronized boolean closed() {
        return closed;
    }

    /** Kills a pod's container as a crash would; false when no pod of that name runs here. */
    public boolean killContainer(String namespace, String pod) {
        return node.killContainer(namespace, pod);
    }

    /** Runtime processes alive on this machine. */
    public long runningContainers() {
        return node.runningContainers();
    }

    /** The control plane, once started. */
    public Optional<ControlPlane> controlPlane() {
        return Optional.ofNullable(controlPlane);
    }

    public KubernetesClient client() {
        return client;
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
    public synchronized void close() {
        closed = true;
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
