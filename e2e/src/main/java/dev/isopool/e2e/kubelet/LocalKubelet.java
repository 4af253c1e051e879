package dev.isopool.e2e.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local kubelet, with the Deployment controller folded in: keeps each Deployment at its replicas as real
 * containers (a {@link ContainerDriver}), one loopback address per pod, Pod objects whose status follows their
 * probes, rolling replacement when the template changes, Deployment status as the real controller writes it,
 * and graceful termination of deleted pods (a finalizer holds the Pod object until its container has exited).
 */
public final class LocalKubelet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKubelet.class);
    public static final String NODE = "local";
    static final String FINALIZER = "isopool.dev/local-kubelet";
    static final String HASH_LABEL = "pod-template-hash";
    private static final Duration RESYNC = Duration.ofSeconds(1);
    private static final long SHUTDOWN_GRACE_SECONDS = 10;
    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    private final KubernetesClient client;
    private final ContainerDriver driver;
    private final Path podsDir;
    private final LoopbackAddresses addresses;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final ScheduledExecutorService controller = Executors.newSingleThreadScheduledExecutor(
            named("kubelet-controller"));
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(4, named("kubelet-pods"));
    private final ScheduledExecutorService statusWriter = Executors.newSingleThreadScheduledExecutor(
            named("kubelet-status"));
    private final Map<String, PodWorker> pods = new ConcurrentHashMap<>();
    private final Map<String, String> lastWritten = new ConcurrentHashMap<>();
    private final AtomicBoolean syncQueued = new AtomicBoolean();
    private volatile boolean closing;
    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<Pod> podInformer;

    public LocalKubelet(KubernetesClient client, ContainerDriver driver, Path podsDir, String podNetwork) {
        this.client = client;
        this.driver = driver;
        this.podsDir = podsDir;
        this.addresses = new LoopbackAddresses(podNetwork);
    }

    /** Registers the node, starts watching Deployments and Pods and the controller loop. */
    public void start() throws IOException {
        deleteTree(podsDir);
        Files.createDirectories(podsDir);
        registerNode();
        deployments = client.apps().deployments().inAnyNamespace().inform(handler(d -> requestSync()), 0);
        podInformer = client.pods().inAnyNamespace().inform(handler(this::podChanged), 0);
        controller.scheduleWithFixedDelay(this::syncAll, 0, RESYNC.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("kubelet started (node {}, driver {})", NODE, driver.scheme());
    }

    /** Where a pod's container log is, for `kubectl logs`. */
    public Optional<Path> logFile(String namespace, String pod, boolean previous) {
        return Optional.ofNullable(pods.get(namespace + "/" + pod)).map(w -> w.log(previous));
    }

    /** The pid of a pod's container process, if it runs. */
    public Optional<Long> containerPid(String namespace, String pod) {
        return Optional.ofNullable(pods.get(namespace + "/" + pod)).map(PodWorker::pid);
    }

    /** Kills a pod's container as a crash would (SIGKILL); the kubelet restarts it. */
    public boolean killContainer(String namespace, String pod) {
        PodWorker worker = pods.get(namespace + "/" + pod);
        if (worker == null) {
            return false;
        }
        worker.kill();
        return true;
    }

    /** Containers whose process is alive, across all pods. */
    public long runningContainers() {
        return pods.values().stream().filter(w -> w.pid() != null).count();
    }

    // ---- the Deployment controller ----

    private void requestSync() {
        if (!closing && syncQueued.compareAndSet(false, true)) {
            controller.execute(this::syncAll);
        }
    }

    private void syncAll() {
        syncQueued.set(false);
        if (closing) {
            return;
        }
        for (Deployment d : deployments.getStore().list()) {
            try {
                sync(d);
            } catch (KubernetesClientException e) {
                LOG.warn("{}/{}: {} (retrying)", d.getMetadata().getNamespace(), d.getMetadata().getName(),
                        e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("{}/{}: {}", d.getMetadata().getNamespace(), d.getMetadata().getName(), e.toString(), e);
            }
        }
    }

    private void sync(Deployment d) {
        if (d.getMetadata().getDeletionTimestamp() != null || d.getSpec() == null
                || d.getSpec().getTemplate() == null) {
            return;
        }
        String uid = d.getMetadata().getUid();
        String hash = templateHash(d);
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        List<PodWorker> owned = pods.values().stream().filter(w -> uid.equals(w.deploymentUid)).toList();
        List<PodWorker> live = owned.stream().filter(w -> !w.terminating()).toList();
        int terminatingOld = (int) owned.stream()
                .filter(w -> w.terminating() && w.phase() != PodWorker.Phase.GONE && !hash.equals(w.templateHash))
                .count();
        DeploymentStrategy strategy = d.getSpec().getStrategy();
        boolean recreate = strategy != null && "Recreate".equals(strategy.getType());
        IntOrString surge = strategy == null || strategy.getRollingUpdate() == null ? null
                : strategy.getRollingUpdate().getMaxSurge();
        IntOrString unavailable = strategy == null || strategy.getRollingUpdate() == null ? null
                : strategy.getRollingUpdate().getMaxUnavailable();
        RolloutPlan.Step step = RolloutPlan.next(replicas, hash, recreate, surge, unavailable,
                live.stream().map(w -> new RolloutPlan.Pod(w.name, w.templateHash, w.ready(), w.created)).toList(),
                terminatingOld);
        for (String name : step.delete()) {
            deletePod(d.getMetadata().getNamespace(), name, "scaled down or replaced");
        }
        for (int i = 0; i < step.create(); i++) {
            createPod(d, hash);
        }
        writeDeploymentStatus(d, hash, replicas, unavailable);
    }

    private void createPod(Deployment d, String hash) {
        String namespace = d.getMetadata().getNamespace();
        String name = d.getMetadata().getName() + "-" + hash + "-" + suffix();
        PodSpec spec = d.getSpec().getTemplate().getSpec();
        if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
            LOG.warn("{}/{}: the pod template has no container", namespace, d.getMetadata().getName());
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>(Optional.ofNullable(
                d.getSpec().getTemplate().getMetadata().getLabels()).orElse(Map.of()));
        labels.put(HASH_LABEL, hash);
        String ip = addresses.allocate();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .withAnnotations(d.getSpec().getTemplate().getMetadata().getAnnotations())
                    .withFinalizers(FINALIZER)
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                            .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid())
                            .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(new PodBuilder().withSpec(spec).build().getSpec())
                .build();
        pod.getSpec().setNodeName(NODE);
        PodWorker worker = new PodWorker(namespace, name, d.getMetadata().getUid(), hash, ip, pod.getSpec(),
                podsDir.resolve(namespace + "_" + name), driver, workers, http, this::podWorkerChanged);
        pod.setStatus(worker.status());
        try {
            client.pods().inNamespace(namespace).resource(pod).create();
        } catch (KubernetesClientException e) {
            addresses.release(ip);
            throw e;
        }
        pods.put(namespace + "/" + name, worker);
        LOG.info("{}/{}: pod created on {} for deployment {}", namespace, name, ip, d.getMetadata().getName());
        worker.start();
    }

    private void deletePod(String namespace, String name, String why) {
        PodWorker worker = pods.get(namespace + "/" + name);
        LOG.info("{}/{}: deleting pod ({})", namespace, name, why);
        client.pods().inNamespace(namespace).withName(name).delete();
        if (worker != null) {
            worker.terminate(worker.terminationGraceSeconds());
        }
    }

    private void writeDeploymentStatus(Deployment d, String hash, int replicas, IntOrString maxUnavailable) {
        String uid = d.getMetadata().getUid();
        List<PodWorker> live = pods.values().stream().filter(w -> uid.equals(w.deploymentUid) && !w.terminating())
                .toList();
        int ready = (int) live.stream().filter(PodWorker::ready).count();
        int updated = (int) live.stream().filter(w -> hash.equals(w.templateHash)).count();
        int minAvailable = replicas - RolloutPlan.resolve(maxUnavailable, replicas, false, "25%");
        boolean available = ready >= minAvailable;
        boolean complete = updated == replicas && ready == replicas && live.size() == replicas;
        String replicaSet = d.getMetadata().getName() + "-" + hash;
        DeploymentStatus previous = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        List<DeploymentCondition> conditions = List.of(
                condition(previous, "Available", available,
                        available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                        available ? "Deployment has minimum availability."
                                : "Deployment does not have minimum availability."),
                condition(previous, "Progressing", true, complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                        "ReplicaSet \"" + replicaSet + "\" " + (complete ? "has successfully progressed."
                                : "is progressing.")));
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(live.size())
                .withUpdatedReplicas(updated)
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withUnavailableReplicas(Math.max(0, replicas - ready))
                .withConditions(conditions)
                .build();
        String key = "deployment:" + d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
        String body = client.getKubernetesSerialization().asJson(Map.of("status", status));
        if (body.equals(lastWritten.get(key)) && sameCounts(previous, status)) {
            return;
        }
        client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName())
                .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), body);
        lastWritten.put(key, body);
    }

    private static boolean sameCounts(DeploymentStatus a, DeploymentStatus b) {
        return Objects.equals(a.getReplicas(), b.getReplicas())
                && Objects.equals(a.getReadyReplicas(), b.getReadyReplicas())
                && Objects.equals(a.getUpdatedReplicas(), b.getUpdatedReplicas())
                && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration());
    }

    private static DeploymentCondition condition(DeploymentStatus previous, String type, boolean status,
            String reason, String message) {
        String now = PodWorker.timestamp(Instant.now());
        String value = status ? "True" : "False";
        Optional<DeploymentCondition> before = Optional.ofNullable(previous.getConditions()).orElse(List.of())
                .stream().filter(c -> type.equals(c.getType())).findFirst();
        String transition = before.filter(c -> value.equals(c.getStatus())).map(DeploymentCondition::getLastTransitionTime)
                .orElse(now);
        String update = before.filter(c -> value.equals(c.getStatus()) && reason.equals(c.getReason()))
                .map(DeploymentCondition::getLastUpdateTime).orElse(now);
        return new DeploymentConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition).withLastUpdateTime(update).build();
    }

    // ---- pods ----

    private void podChanged(Pod pod) {
        PodWorker worker = pods.get(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
        if (worker == null) {
            return;
        }
        boolean deleted = pod.getMetadata().getDeletionTimestamp() != null
                || podInformer.getStore().get(pod) == null;
        if (deleted && !worker.terminating()) {
            Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
            worker.terminate(grace == null ? worker.terminationGraceSeconds() : grace);
            requestSync();
        }
    }

    private void podWorkerChanged(PodWorker worker) {
        requestSync();
        statusWriter.execute(() -> publish(worker));
    }

    private void publish(PodWorker worker) {
        String key = worker.namespace + "/" + worker.name;
        try {
            if (worker.phase() == PodWorker.Phase.GONE) {
                if (pods.remove(key, worker)) {
                    finish(worker);
                }
                return;
            }
            if (closing || pods.get(key) != worker) {
                return;
            }
            String body = client.getKubernetesSerialization().asJson(Map.of("status", worker.status()));
            if (body.equals(lastWritten.get("pod:" + key))) {
                return;
            }
            client.pods().inNamespace(worker.namespace).withName(worker.name).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), body);
            lastWritten.put("pod:" + key, body);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("{}: status not written ({}), retrying", key, e.getMessage());
                statusWriter.schedule(() -> publish(worker), 1, TimeUnit.SECONDS);
            }
        }
    }

    /** The container has exited after termination: let the Pod object go, free the address and the files. */
    private void finish(PodWorker worker) {
        lastWritten.remove("pod:" + worker.namespace + "/" + worker.name);
        try {
            client.pods().inNamespace(worker.namespace).withName(worker.name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("{}/{}: finalizer not removed: {}", worker.namespace, worker.name, e.getMessage());
            }
        }
        addresses.release(worker.ip);
        deleteTree(worker.podDir());
        LOG.info("{}/{}: pod gone", worker.namespace, worker.name);
        requestSync();
    }

    private void registerNode() {
        long memory = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        Map<String, Quantity> capacity = Map.of(
                "cpu", new Quantity(Integer.toString(Runtime.getRuntime().availableProcessors())),
                "memory", new Quantity(Long.toString(memory / 1024) + "Ki"),
                "pods", new Quantity("254"));
        client.nodes().resource(new NodeBuilder()
                .withNewMetadata().withName(NODE)
                    .withLabels(Map.of("kubernetes.io/hostname", NODE, "kubernetes.io/os", "linux"))
                .endMetadata()
                .withNewStatus()
                    .withCapacity(capacity).withAllocatable(capacity)
                    .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                    .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                        .withMessage("local kubelet (" + driver.scheme() + " driver)").endCondition()
                    .withNewNodeInfo().withKubeletVersion("v1.30.0-isopool-local").withOperatingSystem("linux")
                        .withArchitecture("amd64").withContainerRuntimeVersion(driver.scheme() + "://local")
                    .endNodeInfo()
                .endStatus()
                .build()).createOr(n -> n.update());
    }

    // ---- shutdown ----

    /** Stops every container (SIGTERM, at most 10 s grace, then SIGKILL) and waits for them to exit. */
    @Override
    public void close() {
        closing = true;
        controller.shutdownNow();
        if (deployments != null) {
            deployments.close();
        }
        if (podInformer != null) {
            podInformer.close();
        }
        List<PodWorker> all = new ArrayList<>(pods.values());
        all.forEach(w -> w.terminate(Math.min(SHUTDOWN_GRACE_SECONDS, w.terminationGraceSeconds())));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SHUTDOWN_GRACE_SECONDS + 5);
        for (PodWorker w : all) {
            while (w.pid() != null && System.nanoTime() < deadline) {
                sleep(100);
            }
            Long pid = w.pid();
            if (pid != null) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            deleteTree(w.podDir());
        }
        workers.shutdownNow();
        statusWriter.shutdownNow();
        LOG.info("kubelet stopped ({} pods)", all.size());
    }

    // ---- helpers ----

    /** A stable hash of the pod template: canonical JSON (sorted keys), SHA-256, 10 characters. */
    String templateHash(Deployment d) {
        JsonNode template = json.valueToTree(client.getKubernetesSerialization().convertValue(
                d.getSpec().getTemplate(), Map.class));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical(template)
                    .getBytes(StandardCharsets.UTF_8));
            StringBuilder hash = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                hash.append(NAME_CHARS.charAt((digest[i] & 0xff) % NAME_CHARS.length()));
            }
            return hash.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            node.fields().forEachRemaining(f -> sorted.put(f.getKey(), canonical(f.getValue())));
            return sorted.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(canonical(n)));
            return items.stream().collect(Collectors.joining(",", "[", "]"));
        }
        return node.toString();
    }

    private String suffix() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return s.toString();
    }

    private static <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.accept(obj);
            }
        };
    }

    /** Deletes a directory tree, best effort (pod directories, including those a previous run left). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a file still being written by a dying process; the next pod does not reuse the directory
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // a file removed meanwhile by the pod's own clean-up
            LOG.debug("cannot clean {}: {}", dir, e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
