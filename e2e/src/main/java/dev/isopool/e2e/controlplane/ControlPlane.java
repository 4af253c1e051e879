package dev.isopool.e2e.controlplane;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver, kube-controller-manager and kube-scheduler
 * (the binaries {@link ControlPlaneBuild} made), started in that order, each awaited on its health endpoint, and
 * stopped in reverse. Each cluster gets its own CA and keys ({@link ClusterPki}) and free ports; its state
 * (etcd data, certificates, kubeconfigs, logs, pid files) lives in one directory.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    /** The Service network: cluster IPs are loopback addresses the local Service proxy can listen on. */
    public static final String SERVICE_RANGE = "127.0.2.0/24";
    public static final String NODE_GROUP = "system:nodes";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path bin;
    private final Path state;
    private final String serviceRange;
    private final List<Component> started = new ArrayList<>();
    private ClusterPki pki;
    private String server;

    private boolean closed;

    /**
     * A control plane from the binaries in bin, with its state in stateDir (replaced at start) and Service
     * cluster IPs from serviceRange (a loopback range: {@link #SERVICE_RANGE} unless more than its 254
     * Services are needed).
     */
    public ControlPlane(Path bin, Path stateDir, String serviceRange) {
        if (!serviceRange.startsWith("127.")) {
            throw new IllegalArgumentException("the service range must be a loopback range, not " + serviceRange
                    + ": nothing of the local cluster may dial an address outside 127.0.0.0/8");
        }
        this.bin = bin;
        this.state = stateDir.toAbsolutePath();
        this.serviceRange = serviceRange;
    }

    /**
     * Starts the components, each awaited healthy; on failure stops what had started. {@link #close()} from
     * another thread (a shutdown hook) stops what runs and makes the start fail.
     */
    public void start(int apiPort) throws IOException {
        try {
            startAll(apiPort);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startAll(int apiPort) throws IOException {
        Files.createDirectories(state);
        Component.stopLeftovers(state);
        for (String d : List.of("etcd", "pki", "apiserver")) {
            dev.isopool.e2e.kubelet.FileTrees.delete(state.resolve(d));
        }
        Path certs = state.resolve("pki");
        pki = ClusterPki.create(certs, "isopool-local");
        ClusterPki.Pair sa = pki.serviceAccountKeys();
        ClusterPki.Pair apiServing = pki.serving("apiserver", "kube-apiserver",
                List.of("127.0.0.1", "127.0.2.1"), List.of("localhost", "kubernetes", "kubernetes.default",
                        "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"));
        ClusterPki.Pair kubeletClient = pki.client("apiserver-kubelet-client", "kube-apiserver-kubelet-client",
                List.of("system:masters"));
        ClusterPki.Pair admin = pki.client("admin", "isopool-admin", List.of("system:masters"));
        ClusterPki.Pair kcmClient = pki.client("controller-manager-client", "system:kube-controller-manager",
                List.of());
        ClusterPki.Pair schedulerClient = pki.client("scheduler-client", "system:kube-scheduler", List.of());
        ClusterPki.Pair kcmServing = pki.serving("controller-manager", "kube-controller-manager",
                List.of("127.0.0.1"), List.of("localhost"));
        ClusterPki.Pair schedulerServing = pki.serving("scheduler", "kube-scheduler", List.of("127.0.0.1"),
                List.of("localhost"));

        // HTTP/1.1: Go's HTTP/2 server sends the JDK's HTTP/2 client a GOAWAY on the first request
        HttpClient http = HttpClient.newBuilder().sslContext(trusting(pki.caCert()))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

        int etcdPort = freePort();
        int etcdPeer = freePort();
        String etcdUrl = "http://127.0.0.1:" + etcdPort;
        Component etcd = component("etcd", List.of(bin.resolve("etcd").toString(),
                "--name=isopool", "--data-dir=" + state.resolve("etcd"),
                "--listen-client-urls=" + etcdUrl, "--advertise-client-urls=" + etcdUrl,
                "--listen-peer-urls=http://127.0.0.1:" + etcdPeer,
                "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeer,
                "--initial-cluster=isopool=http://127.0.0.1:" + etcdPeer,
                // a throw-away cluster: durability is not worth the fsync latency on a busy disk
                "--unsafe-no-fsync", "--log-level=warn"));
        etcd.awaitHealthy(http, URI.create(etcdUrl + "/health"), START_TIMEOUT);

        int port = apiPort > 0 ? apiPort : freePort();
        server = "https://127.0.0.1:" + port;
        Component api = component("kube-apiserver", List.of(bin.resolve("kube-apiserver").toString(),
                "--etcd-servers=" + etcdUrl,
                "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=" + port,
                "--cert-dir=" + state.resolve("apiserver"),
                "--tls-cert-file=" + apiServing.cert(), "--tls-private-key-file=" + apiServing.key(),
                "--client-ca-file=" + pki.caCert(),
                "--service-account-issuer=" + server,
                "--service-account-key-file=" + sa.cert(), "--service-account-signing-key-file=" + sa.key(),
                "--service-cluster-ip-range=" + serviceRange,
                // the API server refuses loopback addresses in Endpoints: its reconciler would fail forever
                "--endpoint-reconciler-type=none",
                "--authorization-mode=Node,RBAC", "--allow-privileged=true",
                "--kubelet-client-certificate=" + kubeletClient.cert(),
                "--kubelet-client-key=" + kubeletClient.key(),
                "--kubelet-certificate-authority=" + pki.caCert(),
                "--kubelet-preferred-address-types=InternalIP",
                "--profiling=false"));
        api.awaitHealthy(http, URI.create(server + "/readyz"), START_TIMEOUT);

        Kubeconfig.withCertificate(adminKubeconfig(), server, pki.caCert(), admin, "isopool-admin");
        Path kcmConfig = state.resolve("pki/controller-manager.kubeconfig");
        Kubeconfig.withCertificate(kcmConfig, server, pki.caCert(), kcmClient, "system:kube-controller-manager");
        Path schedConfig = state.resolve("pki/scheduler.kubeconfig");
        Kubeconfig.withCertificate(schedConfig, server, pki.caCert(), schedulerClient, "system:kube-scheduler");

        int kcmPort = freePort();
        Component kcm = component("kube-controller-manager", List.of(
                bin.resolve("kube-controller-manager").toString(),
                "--kubeconfig=" + kcmConfig, "--authentication-kubeconfig=" + kcmConfig,
                "--authorization-kubeconfig=" + kcmConfig,
                "--bind-address=127.0.0.1", "--secure-port=" + kcmPort,
                "--tls-cert-file=" + kcmServing.cert(), "--tls-private-key-file=" + kcmServing.key(),
                "--service-account-private-key-file=" + sa.key(), "--root-ca-file=" + pki.caCert(),
                "--use-service-account-credentials=true",
                "--cluster-signing-cert-file=" + pki.caCert(),
                "--cluster-signing-key-file=" + state.resolve("pki/ca.key"),
                // one instance: no leader election to wait for
                "--leader-elect=false"));
        int schedPort = freePort();
        Component scheduler = component("kube-scheduler", List.of(bin.resolve("kube-scheduler").toString(),
                "--kubeconfig=" + schedConfig, "--authentication-kubeconfig=" + schedConfig,
                "--authorization-kubeconfig=" + schedConfig,
                "--bind-address=127.0.0.1", "--secure-port=" + schedPort,
                "--tls-cert-file=" + schedulerServing.cert(), "--tls-private-key-file=" + schedulerServing.key(),
                "--leader-elect=false"));
        kcm.awaitHealthy(http, URI.create("https://127.0.0.1:" + kcmPort + "/healthz"), START_TIMEOUT);
        scheduler.awaitHealthy(http, URI.create("https://127.0.0.1:" + schedPort + "/healthz"), START_TIMEOUT);
        LOG.info("control plane up at {} (state {})", server, state);
    }

    private Component component(String name, List<String> command) throws IOException {
        Component c = new Component(name, command, state);
        synchronized (this) {
            if (closed) {
                throw new IOException("the control plane was stopped while starting");
            }
            started.add(c);
            c.start();
        }
        return c;
    }

    /** The pid of a running component (etcd, kube-apiserver, ...). */
    public synchronized java.util.OptionalLong pid(String component) {
        return started.stream().filter(c -> c.name().equals(component)).mapToLong(Component::pid).findFirst();
    }

    /** The kubectl built with the control plane (same version), when the build has one. */
    public Optional<Path> kubectl() {
        return Optional.of(bin.resolve("kubectl")).filter(Files::isExecutable);
    }

    /** The API server's URL, https://127.0.0.1:PORT. */
    public String server() {
        return server;
    }

    public ClusterPki pki() {
        return pki;
    }

    /** A kubeconfig for a cluster administrator (O=system:masters). */
    public Path adminKubeconfig() {
        return state.resolve("pki/admin.kubeconfig");
    }

    /** The state directory's log of one component (etcd, kube-apiserver, ...). */
    public Path log(String component) {
        return state.resolve("logs").resolve(component + ".log");
    }

    /** Stops the components in reverse order of start, each SIGTERM then SIGKILL, waiting for each exit. */
    @Override
    public synchronized void close() {
        closed = true;
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
    }

    /** An SSL context that trusts exactly the cluster's CA. */
    public static SSLContext trusting(Path caCert) throws IOException {
        try (InputStream in = Files.newInputStream(caCert)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust " + caCert + ": " + e.getMessage(), e);
        }
    }

    /** A port free on 127.0.0.1 now (another process may take it before the component binds it: rare). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
