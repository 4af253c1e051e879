package dev.isopool.e2e.kubelet;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent of the real control plane (what a kubelet does, for runtime pods): registers Node `local`
 * with its capacity, Ready condition, kubelet endpoint and a Lease heartbeat; runs each Pod the scheduler binds
 * to it as a {@link PodWorker} on its own loopback address; writes the pod's status; on deletion stops the
 * container with the pod's grace period and then removes the Pod object (the last step of a graceful delete,
 * as the kubelet does). ReplicaSets, Deployments and garbage collection are the controller-manager's.
 */
public final class NodeAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    public static final String NODE = "local";
    public static final String LEASE_NAMESPACE = "kube-node-lease";
    static final int LEASE_SECONDS = 40;
    private static final Duration RENEW = Duration.ofSeconds(10);
    private static final Duration NODE_STATUS = Duration.ofMinutes(1);
    private static final long SHUTDOWN_GRACE_SECONDS = 10;
    static final int VIRTUAL_CPUS_PER_CORE = 32;

    private final KubernetesClient client;
    private final ContainerDriver driver;
    private final Path podsDir;
    private final LoopbackAddresses addresses;
    private final int kubeletPort;
    private final String kubeletVersion;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            named("node-heartbeat"));
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(4, named("node-pods"));
    private final ScheduledExecutorService statusWriter = Executors.newSingleThreadScheduledExecutor(
            named("node-status"));
    private final Map<String, PodWorker> pods = new ConcurrentHashMap<>();
    private final Map<String, String> lastWritten = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private SharedIndexInformer<Pod> informer;

    /**
     * @param client       authenticated as system:node:local (the Node authorizer limits it to this node's pods)
     * @param kubeletPort  where {@link KubeletServer} serves the kubelet API (logs) on 127.0.0.1
     */
    public NodeAgent(KubernetesClient client, ContainerDriver driver, Path podsDir, String podNetwork,
            int kubeletPort, String kubeletVersion) {
        this.client = client;
        this.driver = driver;
        this.podsDir = podsDir;
        this.addresses = new LoopbackAddresses(podNetwork);
        this.kubeletPort = kubeletPort;
        this.kubeletVersion = kubeletVersion;
    }

    public void start() throws IOException {
        FileTrees.delete(podsDir);
        Files.createDirectories(podsDir);
        registerNode();
        renewLease();
        heartbeat.scheduleWithFixedDelay(this::renewLease, RENEW.toMillis(), RENEW.toMillis(), TimeUnit.MILLISECONDS);
        heartbeat.scheduleWithFixedDelay(this::reportNodeStatus, NODE_STATUS.toMillis(), NODE_STATUS.toMillis(),
                TimeUnit.MILLISECONDS);
        informer = client.pods().inAnyNamespace().withField("spec.nodeName", NODE).inform(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        podChanged(pod);
                    }

                    @Override
                    public void onUpdate(Pod before, Pod after) {
                        podChanged(after);
                    }

                    @Override
                    public void onDelete(Pod pod, boolean finalStateUnknown) {
                        podRemoved(pod);
                    }
                }, 0);
        LOG.info("node agent started (node {}, driver {}, kubelet API on 127.0.0.1:{})", NODE, driver.scheme(),
                kubeletPort);
    }

    /** Where a pod's container log is, for the kubelet API's containerLogs. */
    public Optional<Path> logFile(String namespace, String pod, boolean previous) {
        return Optional.ofNullable(pods.get(namespace + "/" + pod)).map(w -> w.log(previous));
    }

    /** Kills a pod's container as a crash would (SIGKILL); the agent restarts it after the back-off. */
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

    // ---- pods ----

    private synchronized void podChanged(Pod pod) {
        if (closing) {
            return;
        }
        String key = key(pod);
        PodWorker worker = pods.get(key);
        boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
        if (worker != null && !worker.uid.equals(pod.getMetadata().getUid())) {
            // the same name with a new uid: the old pod's object is gone; its worker finishes on its own
            worker.terminate(0);
            return;
        }
        if (worker == null) {
            if (deleting) {
                // nothing of it runs here (e.g. bound before this agent started): let the object go
                finalDelete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                        pod.getMetadata().getUid());
                return;
            }
            if (terminal(pod) || pod.getSpec().getContainers().isEmpty()) {
                return;
            }
            start(pod);
            return;
        }
        if (deleting && !worker.terminating()) {
            Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
            worker.terminate(grace == null ? worker.terminationGraceSeconds() : grace);
        }
    }

    private void start(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String ip = addresses.allocate();
        PodWorker worker = new PodWorker(ns, name, pod.getMetadata().getUid(), ip, pod.getSpec(),
                podsDir.resolve(ns + "_" + name), driver, workers, http, this::workerChanged);
        pods.put(key(pod), worker);
        LOG.info("{}/{}: bound here, starting it on {}", ns, name, ip);
        worker.start();
        workerChanged(worker);
    }

    /** The Pod object was removed without waiting for us (a forced delete): stop its container now. */
    private synchronized void podRemoved(Pod pod) {
        PodWorker worker = pods.get(key(pod));
        if (worker != null && worker.uid.equals(pod.getMetadata().getUid())) {
            worker.terminate(0);
        }
    }

    private void workerChanged(PodWorker worker) {
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
            // no qosClass: the API server computes it at creation and refuses a change to it
            PodStatus status = worker.status();
            String body = client.getKubernetesSerialization().asJson(Map.of("status", status));
            if (body.equals(lastWritten.get(key))) {
                return;
            }
            client.pods().inNamespace(worker.namespace).withName(worker.name).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), body);
            lastWritten.put(key, body);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && !closing) {
                LOG.warn("{}: status not written ({}), retrying", key, e.getMessage());
                statusWriter.schedule(() -> publish(worker), 1, TimeUnit.SECONDS);
            }
        }
    }

    /** The container has exited after termination: remove the Pod object, free the address and the files. */
    private void finish(PodWorker worker) {
        lastWritten.remove(worker.namespace + "/" + worker.name);
        if (!closing) {
            finalDelete(worker.namespace, worker.name, worker.uid);
        }
        addresses.release(worker.ip);
        FileTrees.delete(worker.podDir());
        LOG.info("{}/{}: pod gone", worker.namespace, worker.name);
    }

    /** The delete with grace 0 and the pod's uid as precondition: the kubelet's last step of a graceful delete. */
    private void finalDelete(String namespace, String name, String uid) {
        try {
            client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("{}/{} ({}): not deleted: {}", namespace, name, uid, e.getMessage());
            }
        }
    }

    private static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    // ---- the node ----

    private void registerNode() {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        // CPU as 32 virtual cores per real one: runtime pods request whole cores (a sample asks for 2) and the
        // scheduler would place one pod on a 2-core machine; here pods share the cores, as on an overcommitted
        // node (the podman driver still enforces each pod's CPU limit as a quota).
        Map<String, Quantity> capacity = Map.of(
                "cpu", new Quantity(Integer.toString(VIRTUAL_CPUS_PER_CORE * Runtime.getRuntime().availableProcessors())),
                "memory", new Quantity(memory / 1024 + "Ki"),
                "pods", new Quantity("254"));
        var node = new NodeBuilder()
                .withNewMetadata().withName(NODE)
                    .withLabels(Map.of("kubernetes.io/hostname", NODE, "kubernetes.io/os", "linux",
                            "kubernetes.io/arch", "amd64"))
                .endMetadata()
                .withNewStatus()
                    .withCapacity(capacity).withAllocatable(capacity)
                    .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                    .addNewAddress().withType("Hostname").withAddress(NODE).endAddress()
                    .withConditions(readyCondition(Instant.now()))
                    .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubeletPort).endKubeletEndpoint()
                    .endDaemonEndpoints()
                    .withNewNodeInfo().withKubeletVersion(kubeletVersion).withOperatingSystem("linux")
                        .withArchitecture("amd64").withContainerRuntimeVersion(driver.scheme() + "://isopool")
                        .withKernelVersion(System.getProperty("os.version")).withOsImage("isopool node agent")
                        .withKubeProxyVersion("").withMachineID("").withSystemUUID("").withBootID("")
                    .endNodeInfo()
                .endStatus()
                .build();
        if (client.nodes().withName(NODE).get() == null) {
            client.nodes().resource(node).create();
        }
        // a node left by a previous cluster run in the same etcd, or the one just created: the status of now
        client.nodes().withName(NODE).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                client.getKubernetesSerialization().asJson(Map.of("status", node.getStatus())));
    }

    private NodeCondition readyCondition(Instant now) {
        String time = PodWorker.timestamp(now);
        return new NodeConditionBuilder().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("isopool node agent is posting ready status (" + driver.scheme() + " driver)")
                .withLastHeartbeatTime(time).withLastTransitionTime(time).build();
    }

    private void reportNodeStatus() {
        try {
            var current = client.nodes().withName(NODE).get();
            String transition = current == null || current.getStatus() == null ? null : current.getStatus()
                    .getConditions().stream().filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                    .map(NodeCondition::getLastTransitionTime).findFirst().orElse(null);
            NodeCondition ready = readyCondition(Instant.now());
            if (transition != null) {
                ready.setLastTransitionTime(transition);
            }
            client.nodes().withName(NODE).subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                    client.getKubernetesSerialization().asJson(Map.of("status", Map.of("conditions",
                            List.of(ready)))));
        } catch (KubernetesClientException e) {
            LOG.warn("node status not written: {}", e.getMessage());
        }
    }

    private void renewLease() {
        try {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            Lease existing = client.leases().inNamespace(LEASE_NAMESPACE).withName(NODE).get();
            if (existing == null) {
                client.leases().inNamespace(LEASE_NAMESPACE).resource(new LeaseBuilder()
                        .withNewMetadata().withName(NODE).withNamespace(LEASE_NAMESPACE).endMetadata()
                        .withNewSpec().withHolderIdentity(NODE).withLeaseDurationSeconds(LEASE_SECONDS)
                        .withRenewTime(now).endSpec().build()).create();
            } else {
                existing.getSpec().setRenewTime(now);
                existing.getSpec().setHolderIdentity(NODE);
                client.leases().inNamespace(LEASE_NAMESPACE).resource(existing).update();
            }
        } catch (KubernetesClientException e) {
            LOG.warn("node lease not renewed: {}", e.getMessage());
        }
    }

    // ---- shutdown ----

    /** Stops every container (SIGTERM, at most 10 s grace, then SIGKILL) and waits for them to exit. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        heartbeat.shutdownNow();
        if (informer != null) {
            informer.close();
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
            FileTrees.delete(w.podDir());
        }
        workers.shutdownNow();
        statusWriter.shutdownNow();
        LOG.info("node agent stopped ({} pods)", all.size());
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
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
