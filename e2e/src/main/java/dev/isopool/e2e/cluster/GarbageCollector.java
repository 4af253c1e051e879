package dev.isopool.e2e.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local garbage collector: an object whose every owner (ownerReferences) is gone is deleted, in the
 * background, as the controller manager's collector does (a deleted SandboxPool takes its Deployment, Service,
 * PodDisruptionBudget, NetworkPolicy and ServiceAccount; a deleted Deployment its Pods). An object counts as
 * orphaned only when two sweeps in a row find its owners missing, so that an owner created between the
 * listings of one sweep does not lose its children.
 */
public final class GarbageCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    private static final List<String[]> KINDS = List.of(
            new String[] {"v1", "Pod"}, new String[] {"v1", "Service"}, new String[] {"v1", "ServiceAccount"},
            new String[] {"v1", "ConfigMap"}, new String[] {"v1", "Secret"}, new String[] {"v1", "Endpoints"},
            new String[] {"apps/v1", "Deployment"}, new String[] {"apps/v1", "ReplicaSet"},
            new String[] {"policy/v1", "PodDisruptionBudget"},
            new String[] {"networking.k8s.io/v1", "NetworkPolicy"});

    private final KubernetesClient client;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "garbage-collector");
        t.setDaemon(true);
        return t;
    });
    private Set<String> suspects = Set.of();

    public GarbageCollector(KubernetesClient client) {
        this.client = client;
    }

    public void start() {
        sweeper.scheduleWithFixedDelay(this::sweep, 2, 2, TimeUnit.SECONDS);
    }

    private void sweep() {
        try {
            List<GenericKubernetesResource> all = new ArrayList<>();
            List<String[]> kinds = new ArrayList<>(KINDS);
            for (CustomResourceDefinition crd : client.apiextensions().v1().customResourceDefinitions().list()
                    .getItems()) {
                for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
                    if (Boolean.TRUE.equals(v.getStorage())) {
                        kinds.add(new String[] {crd.getSpec().getGroup() + "/" + v.getName(),
                                crd.getSpec().getNames().getKind()});
                    }
                }
            }
            for (String[] kind : kinds) {
                all.addAll(client.genericKubernetesResources(kind[0], kind[1]).inAnyNamespace().list().getItems());
            }
            Set<String> uids = new HashSet<>();
            all.forEach(o -> uids.add(o.getMetadata().getUid()));
            Set<String> orphans = new HashSet<>();
            for (GenericKubernetesResource o : all) {
                List<OwnerReference> owners = o.getMetadata().getOwnerReferences();
                if (owners == null || owners.isEmpty() || owners.stream().anyMatch(r -> uids.contains(r.getUid()))) {
                    continue;
                }
                String uid = o.getMetadata().getUid();
                orphans.add(uid);
                if (suspects.contains(uid) && o.getMetadata().getDeletionTimestamp() == null) {
                    LOG.info("deleting {} {}/{}: its owner {} {} is gone", o.getKind(),
                            o.getMetadata().getNamespace(), o.getMetadata().getName(), owners.get(0).getKind(),
                            owners.get(0).getName());
                    client.genericKubernetesResources(o.getApiVersion(), o.getKind())
                            .inNamespace(o.getMetadata().getNamespace()).withName(o.getMetadata().getName()).delete();
                }
            }
            suspects = orphans;
        } catch (KubernetesClientException e) {
            LOG.warn("garbage collection sweep failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("garbage collection sweep failed", e);
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
