package dev.isopool.operator.reconciler;

import static org.awaitility.Awaitility.await;

import dev.isopool.operator.TestingPools;
import dev.isopool.operator.api.SandboxPool;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Reconcile latency of the packaged operator (its own process) against the Fabric8 mock API server: for 1, 100
 * and 1,000 pools created back to back, the time from each pool's creation to its Deployment and to its first
 * status, and the operator's RSS. Not part of the
 * default run: `./mvnw -pl operator -am verify -Disopool.bench=true -Dit.test=OperatorBenchIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false`. The figures go to docs/benchmarks.md.
 */
@QuarkusTest
@TestProfile(ExternalOperatorProfile.class)
@WithKubernetesTestServer(crud = true)
@EnabledIfSystemProperty(named = "isopool.bench", matches = "true")
class OperatorBenchIT {

    @Inject
    KubernetesClient client;

    @Test
    void reconcileLatency() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("| pools | create -> Deployment p50 / p99 / max | create -> first status p50 / p99 / max "
                + "| creating the pools | all reconciled | operator RSS |");
        lines.add("|---|---|---|---|---|---|");
        try (OperatorProcess operator = OperatorProcess.start(client)) {
            lines.add("| 0 (idle) | | | | | " + operator.rssMib() + " MiB |");
            for (int pools : List.of(1, 100, 1000)) {
                lines.add(round(pools, operator));
            }
        }
        lines.forEach(line -> System.out.println("OperatorBenchIT: " + line));
    }

    private String round(int pools, OperatorProcess operator) throws IOException {
        String ns = "bench-" + pools;
        Map<String, Long> created = new ConcurrentHashMap<>();
        Map<String, Long> deployed = new ConcurrentHashMap<>();
        Map<String, Long> statused = new ConcurrentHashMap<>();
        try (Watch deployments = client.apps().deployments().inNamespace(ns)
                .watch(new Recorder<>(deployed, d -> true));
             Watch statuses = client.resources(SandboxPool.class).inNamespace(ns)
                     .watch(new Recorder<>(statused, p -> p.getStatus() != null))) {
            long start = System.nanoTime();
            long creating;
            for (int i = 0; i < pools; i++) {
                String name = "bench-" + i;
                created.put(name, System.nanoTime());
                SandboxPool pool = TestingPools.pool(name, s -> s.setReplicas(1));
                pool.getMetadata().setNamespace(ns);
                pool.getMetadata().setGeneration(null);
                pool.getMetadata().setUid(null);
                client.resources(SandboxPool.class).inNamespace(ns).resource(pool).create();
            }
            creating = Duration.ofNanos(System.nanoTime() - start).toMillis();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> deployed.size() == pools && statused.size() == pools);
            long allDone = Duration.ofNanos(System.nanoTime() - start).toMillis();
            return String.format(Locale.ROOT, "| %d | %s | %s | %d ms | %d ms | %d MiB |", pools,
                    percentiles(created, deployed), percentiles(created, statused), creating, allDone,
                    operator.rssMib());
        }
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
