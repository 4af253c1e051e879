package dev.isopool.e2e.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * `./isopool up`: starts the local cluster, applies `config/samples/`, waits for the pools to be Ready, writes
 * `.isopool/kubeconfig` and `.isopool/endpoint`, prints how to use them, and runs until interrupted; an interrupt
 * stops every process it started.
 */
public final class IsopoolUp {

    private static final String USAGE = """
            usage: ./isopool up [--api-port PORT] [--driver process|podman] [--ready-timeout SECONDS]

              --api-port        port of the API server on 127.0.0.1 (default 6443)
              --driver          how the node agent runs pods: local JVMs (process, default) or the
                                runtime image with podman (needs the image: podman images)

            The control plane (kube-apiserver, kube-controller-manager, kube-scheduler, etcd) is built from
            Kubernetes' Go modules on first use (e2e/controlplane/build.sh, 10-20 min on 2 cores) and cached
            under ~/.cache/isopool/controlplane/. Without Go >= 1.26 and without that cache, ./isopool up
            stops with a message that says what to install.
              --ready-timeout   how long to wait for the sample pools to be Ready (default 300)
            """;
    private static final String NAMESPACE = "default";

    private IsopoolUp() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("isopool.root", ".")).toAbsolutePath().normalize();
        int apiPort = 6443;
        String driver = "process";
        Duration readyTimeout = Duration.ofSeconds(300);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "up" -> {
                }
                case "--api-port" -> apiPort = Integer.parseInt(value(args, ++i));
                case "--driver" -> driver = value(args, ++i);
                case "--ready-timeout" -> readyTimeout = Duration.ofSeconds(Long.parseLong(value(args, ++i)));
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return;
                }
                default -> {
                    System.err.print("isopool up: unknown argument '" + args[i] + "'\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        Path state = root.resolve(".isopool");
        Path endpoint = state.resolve("endpoint");
        Files.deleteIfExists(endpoint);
        LocalCluster.Options options = LocalCluster.Options.defaults(root, state).withApiPort(apiPort)
                .withDriver(driver);
        say("starting the local cluster: control plane on 127.0.0.1:" + apiPort + ", node agent (" + driver
                + " driver), operator");
        LocalCluster cluster = new LocalCluster(options);
        CountDownLatch stopped = new CountDownLatch(1);
        // registered before the start, so that Ctrl-C during the build or the start leaves nothing running
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping: operator, runtime pods, node agent, control plane...");
            cluster.close();
            try {
                Files.deleteIfExists(endpoint);
            } catch (IOException e) {
                // nothing left to do about it
            }
            say("stopped; no process of the local cluster is left.");
            stopped.countDown();
        }, "isopool-up-shutdown"));
        try {
            cluster.start();
        } catch (IOException | RuntimeException e) {
            StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                why.append("\n  caused by: ").append(c);
            }
            System.err.println("isopool up: " + why);
            System.exit(1);
            return;
        }
        say("Kubernetes " + cluster.client().getKubernetesVersion().getGitVersion()
                + " control plane up (etcd, kube-apiserver, kube-controller-manager, kube-scheduler; logs in "
                + root.relativize(state) + "/controlplane/logs/); operator with server-side apply as "
                + "ServiceAccount " + LocalCluster.OPERATOR_NAMESPACE + "/" + LocalCluster.OPERATOR_SERVICE_ACCOUNT);

        try {
            List<String> pools = applySamples(cluster.client(), root.resolve("config/samples"));
            if (pools.isEmpty()) {
                say("no SandboxPool in config/samples/; the cluster runs without a pool");
            } else {
                String first = pools.get(0);
                String url = waitForService(cluster, first, Duration.ofSeconds(60));
                Files.writeString(endpoint, url + "\n");
                waitForReady(cluster.client(), pools, readyTimeout);
                printUsage(root, cluster, pools, url);
            }
        } catch (RuntimeException e) {
            if (stopped.getCount() == 1 && !cluster.closed()) {
                throw e;
            }
            // Ctrl-C while waiting: the shutdown hook has closed the client under us
        }
        stopped.await();
    }

    private static List<String> applySamples(KubernetesClient client, Path samples) throws IOException {
        List<String> pools = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(samples)) {
            files = list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                    .toList();
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata item : client.load(in).items()) {
                    client.resource(item).inNamespace(NAMESPACE).createOr(r -> r.update());
                    say("applied " + item.getKind().toLowerCase() + "/" + item.getMetadata().getName()
                            + " (" + samples.getParent().getParent().relativize(file) + ")");
                    if ("SandboxPool".equals(item.getKind())) {
                        pools.add(item.getMetadata().getName());
                    }
                }
            }
        }
        return pools;
    }

    private static String waitForService(LocalCluster cluster, String pool, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> url = cluster.serviceProxy().url(NAMESPACE, pool);
            if (url.isPresent()) {
                return url.get();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the operator created no Service for pool " + pool + " within "
                + timeout.toSeconds() + " s; see " + cluster.operator().log());
    }

    /** Prints each pool's Ready condition as it changes, until all are Ready or the timeout passes. */
    private static void waitForReady(KubernetesClient client, List<String> pools, Duration timeout)
            throws InterruptedException {
        say("waiting for the pools to be Ready (runtime pods start in a few seconds each)...");
        Map<String, String> last = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean settled = true;
            for (String pool : pools) {
                String line = readiness(client, pool);
                Optional<String> crash = crashLooping(client, pool);
                if (!line.startsWith("Ready") && crash.isPresent()) {
                    line = "not ready: its runtime crashes at start-up (CrashLoopBackOff): " + crash.get();
                }
                if (!line.equals(last.get(pool))) {
                    say("  " + pool + ": " + line);
                    last.put(pool, line);
                }
                settled &= line.startsWith("Ready") || crash.isPresent() && !pool.equals(pools.get(0));
            }
            if (settled) {
                return;
            }
            Thread.sleep(1000);
        }
        say("not every pool is Ready after " + timeout.toSeconds() + " s; the cluster keeps running "
                + "(kubectl describe sbp NAME says why)");
    }

    /** Why a pool's runtime keeps exiting, when one of its pods is in CrashLoopBackOff. */
    private static Optional<String> crashLooping(KubernetesClient client, String pool) {
        for (var pod : client.pods().inNamespace(NAMESPACE).withLabel("isopool.dev/pool", pool).list()
                .getItems()) {
            for (var cs : Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of())) {
                if (cs.getState() != null && cs.getState().getWaiting() != null
                        && "CrashLoopBackOff".equals(cs.getState().getWaiting().getReason())) {
                    String message = cs.getLastState() == null || cs.getLastState().getTerminated() == null ? ""
                            : Optional.ofNullable(cs.getLastState().getTerminated().getMessage()).orElse("");
                    return Optional.of(dev.isopool.e2e.kubelet.CrashCause.of(message) + " (kubectl logs " + pod.getMetadata().getName() + ")");
                }
            }
        }
        return Optional.empty();
    }

    private static String readiness(KubernetesClient client, String pool) {
        GenericKubernetesResource p = client.genericKubernetesResources("isopool.dev/v1alpha1", "SandboxPool")
                .inNamespace(NAMESPACE).withName(pool).get();
        if (p == null) {
            return "gone";
        }
        Object conditions = p.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                ? status.get("conditions") : null;
        if (conditions instanceof List<?> list) {
            for (Object c : list) {
                if (c instanceof Map<?, ?> m && "Ready".equals(m.get("type"))) {
                    return ("True".equals(m.get("status")) ? "Ready" : "not ready") + " (" + m.get("reason") + ": "
                            + m.get("message") + ")";
                }
            }
        }
        return "no status yet";
    }

    private static void printUsage(Path root, LocalCluster cluster, List<String> pools, String url) {
        String kc = root.relativize(cluster.kubeconfig()).toString();
        StringBuilder out = new StringBuilder();
        out.append("\nIsopool is up.\n\n");
        out.append("  kubeconfig  ").append(kc).append("   (export KUBECONFIG=").append(cluster.kubeconfig())
                .append(")\n");
        out.append("  endpoint    ").append(url).append("   (.isopool/endpoint: Service ").append(NAMESPACE)
                .append('/').append(pools.get(0)).append(", round robin over its ready pods)\n");
        cluster.controlPlane().flatMap(cp -> cp.kubectl()).ifPresent(k -> out.append("  kubectl     ").append(k)
                .append("   (the control plane's version: export PATH=").append(k.getParent()).append(":$PATH)\n"));
        for (String pool : pools.subList(1, pools.size())) {
            cluster.serviceProxy().url(NAMESPACE, pool).ifPresent(u -> out.append("  ")
                    .append(String.format("%-11s ", pool)).append(u).append('\n'));
        }
        out.append("\nTry:\n");
        out.append("  kubectl --kubeconfig ").append(kc).append(" get sbp\n");
        out.append("  kubectl --kubeconfig ").append(kc).append(" get pods -o wide\n");
        out.append("  kubectl --kubeconfig ").append(kc).append(" get events\n");
        out.append("  curl -s -d '{\"code\":\"1+1\"}' ").append(url).append("/v1/execute\n");
        cluster.serviceProxy().url(NAMESPACE, "wasm-heavy").ifPresent(u -> out
                .append("\nA load burst on the autoscaled pool (wasm-heavy), then watch it scale and read why:\n")
                .append("  seq 400 | xargs -P 24 -I{} curl -s -o /dev/null -d "
                        + "'{\"code\":\"let s=0; for (let i=0; i<3e7; i++) s+=i; s\"}' ").append(u)
                .append("/v1/execute\n")
                .append("  kubectl --kubeconfig ").append(kc).append(" get sbp wasm-heavy -w\n")
                .append("  kubectl --kubeconfig ").append(kc).append(" describe sbp wasm-heavy\n"));
        out.append("\nLogs: ").append(root.relativize(cluster.operator().log()))
                .append(" (operator), kubectl logs POD (runtime pods).\n");
        out.append("Ctrl-C stops everything.\n");
        System.out.println(out);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.print("isopool up: " + args[i - 1] + " needs a value\n" + USAGE);
            System.exit(2);
        }
        return args[i];
    }

    private static void say(String line) {
        System.out.println("isopool: " + line);
    }
}
