package dev.isopool.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SandboxPools as a user handles them: YAML in, conditions and pods out. Untyped, as on any cluster. */
final class Pools {

    static final String API_VERSION = "isopool.dev/v1alpha1";
    static final String KIND = "SandboxPool";
    static final String POOL_LABEL = "isopool.dev/pool";
    /** JVM + V8 start-up of a few pods on two shared cores. */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    private final KubernetesClient client;
    private final String namespace;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Pools(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).createOr(n -> n.update());
    }

    String namespace() {
        return namespace;
    }

    NonNamespaceOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> api() {
        return client.genericKubernetesResources(API_VERSION, KIND).inNamespace(namespace);
    }

    /** Creates or replaces a pool from YAML (without namespace). */
    GenericKubernetesResource apply(String yaml) {
        GenericKubernetesResource pool = client.getKubernetesSerialization().unmarshal(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), GenericKubernetesResource.class);
        pool.getMetadata().setNamespace(namespace);
        return api().resource(pool).createOr(p -> p.update());
    }

    GenericKubernetesResource get(String name) {
        return api().withName(name).get();
    }

    /** Edits a pool's spec with a fresh read, retried on conflict by Fabric8. */
    void editSpec(String name, java.util.function.Consumer<Map<String, Object>> edit) {
        api().withName(name).edit(p -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) p.getAdditionalProperties().get("spec");
            edit.accept(spec);
            return p;
        });
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(GenericKubernetesResource pool) {
        Object status = pool == null ? null : pool.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> condition(GenericKubernetesResource pool, String type) {
        Object conditions = status(pool).get("conditions");
        if (!(conditions instanceof List<?> list)) {
            return Optional.empty();
        }
        return list.stream().map(c -> (Map<String, Object>) c).filter(c -> type.equals(c.get("type"))).findFirst();
    }

    static int intStatus(GenericKubernetesResource pool, String field) {
        Object value = status(pool).get(field);
        return value instanceof Number n ? n.intValue() : -1;
    }

    /** Waits until the condition has the status (and reason, if given) for the pool's current generation. */
    GenericKubernetesResource awaitCondition(String name, String type, String status, String reason,
            Duration timeout) {
        await("pool " + name + " " + type + "=" + status + (reason == null ? "" : " (" + reason + ")"))
                .atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    GenericKubernetesResource pool = get(name);
                    Optional<Map<String, Object>> c = condition(pool, type);
                    return c.isPresent() && status.equals(c.get().get("status"))
                            && (reason == null || reason.equals(c.get().get("reason")))
                            && pool.getMetadata().getGeneration().equals(observedGeneration(pool));
                });
        return get(name);
    }

    GenericKubernetesResource awaitReady(String name) {
        return awaitCondition(name, "Ready", "True", null, READY_TIMEOUT);
    }

    private static Long observedGeneration(GenericKubernetesResource pool) {
        Object g = status(pool).get("observedGeneration");
        return g instanceof Number n ? n.longValue() : null;
    }

    /** The pool's live pods (not terminating). */
    List<Pod> pods(String name) {
        return client.pods().inNamespace(namespace).withLabel(POOL_LABEL, name).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    List<Pod> readyPods(String name) {
        return pods(name).stream().filter(Pools::ready).toList();
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    void delete(String name) {
        api().withName(name).delete();
    }

    /** POSTs a body and returns status and body. */
    HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(URI url) throws Exception {
        return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
