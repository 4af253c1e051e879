package dev.isopool.operator.reconciler;

import static org.awaitility.Awaitility.await;

import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.status.ConditionTypes;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Helpers the reconciler ITs share: reading pools and their dependents from the (mock) API server. */
final class PoolFixtures {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final String namespace;

    PoolFixtures(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    SandboxPool create(SandboxPool pool) {
        pool.getMetadata().setNamespace(namespace);
        pool.getMetadata().setGeneration(null);
        pool.getMetadata().setUid(null);
        return client.resources(SandboxPool.class).inNamespace(namespace).resource(pool).create();
    }

    SandboxPool get(String name) {
        return client.resources(SandboxPool.class).inNamespace(namespace).withName(name).get();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return client.resources(type).inNamespace(namespace).withName(name).get();
    }

    <T extends HasMetadata> T awaitExists(Class<T> type, String name) {
        return await().atMost(TIMEOUT).until(() -> get(type, name), Objects::nonNull);
    }

    Deployment awaitDeployment(String name) {
        return awaitExists(Deployment.class, name);
    }

    Optional<Condition> condition(String pool, String type) {
        SandboxPool p = get(pool);
        return p == null || p.getStatus() == null ? Optional.empty() : p.getStatus().condition(type);
    }

    /** Waits until the condition has the status and reason, for the pool's current generation. */
    Condition awaitCondition(String pool, String type, String status, String reason) {
        try {
            return awaitConditionOrTimeout(pool, type, status, reason);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + type + "=" + status + "/" + reason + " on " + pool + ":\n"
                    + client.getKubernetesSerialization().asYaml(get(pool)), e);
        }
    }

    private Condition awaitConditionOrTimeout(String pool, String type, String status, String reason) {
        return await().atMost(TIMEOUT).until(() -> {
            SandboxPool p = get(pool);
            if (p == null || p.getStatus() == null) {
                return null;
            }
            return p.getStatus().condition(type)
                    .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
                    .filter(c -> Objects.equals(c.getObservedGeneration(), p.getMetadata().getGeneration())
                            || p.getMetadata().getGeneration() == null)
                    .orElse(null);
        }, Objects::nonNull);
    }

    /** Plays the Deployment controller and kubelet: every wanted pod is created, updated and ready. */
    void markAllPodsReady(String name) {
        Deployment d = awaitDeployment(name);
        int replicas = d.getSpec().getReplicas();
        client.apps().deployments().inNamespace(namespace).withName(name).editStatus(current -> {
            current.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                    .withReplicas(replicas)
                    .withReadyReplicas(replicas)
                    .withUpdatedReplicas(replicas)
                    .withAvailableReplicas(replicas)
                    .withObservedGeneration(current.getMetadata().getGeneration())
                    .build());
            return current;
        });
    }

    /** Edits a pool's spec like a user would, retrying when the operator's status patch got in between. */
    void edit(String name, Consumer<SandboxPool> change) {
        await().atMost(TIMEOUT).until(() -> {
            try {
                client.resources(SandboxPool.class).inNamespace(namespace).withName(name).edit(p -> {
                    change.accept(p);
                    return p;
                });
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** The runtime container's environment. */
    static Map<String, String> env(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    boolean isReady(String pool) {
        return condition(pool, ConditionTypes.READY).map(c -> ConditionTypes.TRUE.equals(c.getStatus()))
                .orElse(false);
    }
}
