package dev.isopool.e2e;

import static org.awaitility.Awaitility.await;

import dev.isopool.e2e.cluster.LocalCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The operator at scale on the real control plane (its own, not the E2E run's): 1, 100 and 1,000 pools of zero
 * replicas created one by one, each timed from its create to its Deployment and to its first status, with the
 * RSS of the operator, kube-apiserver and etcd after each round. Zero replicas: the node agent would start a
 * runtime JVM per pod. A benchmark, not a test: it prints figures and asserts nothing of them. Run:
 * `./mvnw -B -pl e2e verify -Disopool.bench=true -Dit.test=OperatorScaleBench -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false`; the figures go to docs/benchmarks.md.
 */
@EnabledIfSystemProperty(named = "isopool.bench", matches = "true")
class OperatorScaleBench {

    /** 1,000 Services do not fit the 254 addresses of 127.0.2.0/24; this bench dials none of them. */
    private static final String SERVICE_RANGE = "127.2.0.0/16";

    @Test
    void reconcileLatencyAndMemory() throws Exception {
        Path root = Clusters.root();
        LocalCluster.Options options = LocalCluster.Options.defaults(root, root.resolve("e2e/target/bench-cluster"))
                .withServiceRange(SERVICE_RANGE);
        List<String> lines = new ArrayList<>();
        lines.add("| pools | create -> Deployment p50 / p99 / max | create -> first status p50 / p99 / max "
                + "| creating the pools | all reconciled | after the last create | operator RSS | operator heap live "
                + "| kube-apiserver RSS | etcd RSS |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|");
        try (LocalCluster cluster = LocalCluster.start(options)) {
            lines.add("| 0 (idle) | | | | | | " + rss(cluster) + " |");
            for (int pools : List.of(1, 100, 1000)) {
                lines.add(round(cluster.client(), pools, cluster));
            }
        }
        lines.forEach(line -> System.out.println("OperatorScaleBench: " + line));
    }

    private static String round(KubernetesClient client, int pools, LocalCluster cluster) throws IOException {
        String ns = "bench-" + pools;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
        Map<String, Long> created = new ConcurrentHashMap<>();
        Map<String, Long> deployed = new ConcurrentHashMap<>();
        Map<String, Long> statused = new ConcurrentHashMap<>();
        var api = client.genericKubernetesResources(Pools.API_VERSION, Pools.KIND).inNamespace(ns);
        try (Watch deployments = client.apps().deployments().inNamespace(ns)
                .watch(new Recorder<>(deployed, d -> true));
             Watch statuses = api.watch(new Recorder<GenericKubernetesResource>(statused,
                     p -> p.getAdditionalProperties().get("status") != null))) {
            long start = System.nanoTime();
            for (int i = 0; i < pools; i++) {
                String name = "bench-" + i;
                GenericKubernetesResource pool = new GenericKubernetesResource();
                pool.setApiVersion(Pools.API_VERSION);
                pool.setKind(Pools.KIND);
                pool.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
                        .withNamespace(ns).build());
                pool.setAdditionalProperty("spec", Map.of("replicas", 0, "workersPerPod", 1));
                created.put(name, System.nanoTime());
                api.resource(pool).create();
            }
            long lastCreate = System.nanoTime();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> deployed.size() == pools && statused.size() == pools);
            long done = System.nanoTime();
            return String.format(Locale.ROOT, "| %d | %s | %s | %d ms | %d ms | %d ms | %s |", pools,
                    percentiles(created, deployed), percentiles(created, statused),
                    Duration.ofNanos(lastCreate - start).toMillis(), Duration.ofNanos(done - start).toMillis(),
                    Duration.ofNanos(done - lastCreate).toMillis(), rss(cluster));
        }
    }

    private static String rss(LocalCluster cluster) {
        var cp = cluster.controlPlane().orElseThrow();
        long operator = cluster.operator().pid();
        return rssMib(OptionalLong.of(operator)) + " MiB | " + liveHeapMib(operator) + " MiB | "
                + rssMib(cp.pid("kube-apiserver")) + " MiB | " + rssMib(cp.pid("etcd")) + " MiB";
    }

    /** The operator's heap in use right after a full GC (jcmd GC.run, then GC.heap_info): its live set. */
    private static long liveHeapMib(long pid) {
        try {
            jcmd(pid, "GC.run");
            for (String line : jcmd(pid, "GC.heap_info").lines().toList()) {
                var m = java.util.regex.Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K")
                        .matcher(line.strip());
                if (m.find()) {
                    return Long.parseLong(m.group(1)) / 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new IllegalStateException("jcmd " + pid + ": " + e.getMessage(), e);
        }
    }

    private static String jcmd(long pid, String command) throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(command + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    /** VmRSS of a process, from /proc. */
    private static long rssMib(OptionalLong pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid.orElseThrow() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the RSS of pid " + pid, e);
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    private static String percentiles(Map<String, Long> from, Map<String, Long> to) {
        List<Long> millis = new ArrayList<>();
        to.forEach((name, t) -> millis.add(Duration.ofNanos(t - from.get(name)).toMillis()));
        Collections.sort(millis);
        return String.format(Locale.ROOT, "%d / %d / %d ms", at(millis, 0.50), at(millis, 0.99),
                millis.get(millis.size() - 1));
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** Records the first time each object satisfies a predicate. */
    private record Recorder<T extends HasMetadata>(Map<String, Long> seen, Predicate<T> when) implements Watcher<T> {

        @Override
        public void eventReceived(Action action, T resource) {
            if (action != Action.DELETED && when.test(resource)) {
                seen.putIfAbsent(resource.getMetadata().getName(), System.nanoTime());
            }
        }

        @Override
        public void onClose(WatcherException cause) {
        }
    }
}
