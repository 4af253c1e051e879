package dev.isopool.operator.reconciler;

import static dev.isopool.operator.TestingPools.autoscaling;
import static dev.isopool.operator.TestingPools.flags;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isopool.operator.TestingPools;
import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.planning.PoolPlan;
import dev.isopool.operator.status.ConditionTypes;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A SandboxPool's life against the Fabric8 mock API server: create, change, break, repair, drift, delete. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class SandboxPoolReconcilerIT extends MockApiServerIT {

    private static final String NS = "pools";

    @Override
    String namespace() {
        return NS;
    }

    @Test
    void aPoolBecomesHardenedOwnedDependents() {
        SandboxPool pool = fixtures.create(TestingPools.pool("alpha", s -> s.setReplicas(3)));
        String uid = pool.getMetadata().getUid();

        Deployment deployment = fixtures.awaitDeployment("alpha");
        List<HasMetadata> owned = List.of(deployment,
                fixtures.awaitExists(Service.class, "alpha"),
                fixtures.awaitExists(PodDisruptionBudget.class, "alpha"),
                fixtures.awaitExists(NetworkPolicy.class, "alpha"),
                fixtures.awaitExists(ServiceAccount.class, "alpha"));
        for (HasMetadata object : owned) {
            OwnerReference owner = object.getMetadata().getOwnerReferences().get(0);
            assertEquals(uid, owner.getUid(), object.getKind());
            assertEquals("SandboxPool", owner.getKind());
        }

        assertEquals(3, deployment.getSpec().getReplicas());
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("isopool/runtime:0.1.0", container.getImage());
        assertEquals("--no-liftoff --no-wasm-lazy-compilation --max-old-space-size=64",
                PoolFixtures.env(deployment).get("NODE_OPTIONS"));
        assertEquals("538Mi", container.getResources().getLimits().get("memory").toString());
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken());

        Condition ready = fixtures.awaitCondition("alpha", ConditionTypes.READY, "False", "ReplicasNotReady");
        assertTrue(ready.getMessage().startsWith("0/3 runtime pods ready"), ready.getMessage());
        SandboxPool withStatus = fixtures.get("alpha");
        assertEquals(3, withStatus.getStatus().getDesiredReplicas());
        assertEquals(PoolPlan.selectorString("alpha"), withStatus.getStatus().getSelector());
        assertEquals(List.of("Ready", "Progressing", "Degraded", "ScalingActive", "ScalingLimited"),
                withStatus.getStatus().getConditions().stream().map(Condition::getType).toList());
        assertEquals("False", withStatus.getStatus().condition(ConditionTypes.SCALING_ACTIVE).orElseThrow()
                .getStatus());
    }

    @Test
    void readyFollowsThePods() {
        fixtures.create(TestingPools.pool("bravo"));
        fixtures.awaitCondition("bravo", ConditionTypes.READY, "False", "ReplicasNotReady");
        String notReadySince = fixtures.condition("bravo", ConditionTypes.DEGRADED).orElseThrow()
                .getLastTransitionTime();

        fixtures.markAllPodsReady("bravo");

        fixtures.awaitCondition("bravo", ConditionTypes.READY, "True", "AllReplicasReady");
        fixtures.awaitCondition("bravo", ConditionTypes.PROGRESSING, "False", "Complete");
        SandboxPool pool = fixtures.get("bravo");
        assertEquals(2, pool.getStatus().getReadyReplicas());
        assertEquals(notReadySince, pool.getStatus().condition(ConditionTypes.DEGRADED).orElseThrow()
                .getLastTransitionTime(), "Degraded never flipped, so its transition time stays");
        assertTrue(events("bravo").stream().anyMatch(e -> "Ready".equals(e.getReason())));
    }

    @Test
    void aFlagChangeRollsThePodTemplate() {
        fixtures.create(TestingPools.pool("charlie"));
        String before = hash(fixtures.awaitDeployment("charlie"));

        edit("charlie", p -> p.getSpec().setV8(flags("--no-opt")));

        Deployment rolled = await().atMost(PoolFixtures.TIMEOUT)
                .until(() -> fixtures.get(Deployment.class, "charlie"), d -> !before.equals(hash(d)));
        assertTrue(PoolFixtures.env(rolled).get("NODE_OPTIONS").contains("--no-opt"));
    }

    @Test
    void anInvalidSpecIsReportedAppliesNothingAndIsRepaired() {
        fixtures.create(TestingPools.pool("delta"));
        Deployment good = fixtures.awaitDeployment("delta");
        fixtures.awaitCondition("delta", ConditionTypes.DEGRADED, "False", "AsExpected");

        edit("delta", p -> p.getSpec().setV8(flags("--no-opt", "--allow-natives-syntax")));

        Condition degraded = fixtures.awaitCondition("delta", ConditionTypes.DEGRADED, "True", "InvalidSpec");
        assertTrue(degraded.getMessage().contains("spec.v8.flags[1]"), degraded.getMessage());
        fixtures.awaitCondition("delta", ConditionTypes.READY, "False", "InvalidSpec");
        assertEquals(hash(good), hash(fixtures.get(Deployment.class, "delta")), "nothing half-applied");
        await().atMost(PoolFixtures.TIMEOUT).until(() -> events("delta").stream()
                .anyMatch(e -> "Warning".equals(e.getType()) && "InvalidSpec".equals(e.getReason())
                        && e.getMessage().contains("spec.v8.flags[1]")));

        edit("delta", p -> p.getSpec().setV8(flags("--no-opt")));

        fixtures.awaitCondition("delta", ConditionTypes.DEGRADED, "False", "AsExpected");
        await().atMost(PoolFixtures.TIMEOUT).until(() ->
                PoolFixtures.env(fixtures.get(Deployment.class, "delta")).get("NODE_OPTIONS").contains("--no-opt"));
        await().atMost(PoolFixtures.TIMEOUT).until(() -> events("delta").stream()
                .anyMatch(e -> "Recovered".equals(e.getReason())));
    }

    @Test
    void aPoolInvalidFromTheStartGetsNoDependents() {
        fixtures.create(TestingPools.pool("echo", s -> s.setAutoscaling(autoscaling(5, 2))));

        Condition degraded = fixtures.awaitCondition("echo", ConditionTypes.DEGRADED, "True", "InvalidSpec");
        assertTrue(degraded.getMessage().startsWith("spec.autoscaling.minReplicas"), degraded.getMessage());
        assertNull(fixtures.get(Deployment.class, "echo"));
        assertNull(fixtures.get(Service.class, "echo"));

        edit("echo", p -> p.getSpec().setAutoscaling(autoscaling(2, 5)));

        assertEquals(2, fixtures.awaitDeployment("echo").getSpec().getReplicas(), "autoscaling starts at min");
        fixtures.awaitCondition("echo", ConditionTypes.SCALING_ACTIVE, "Unknown", "NoSignalsYet");
    }

    @Test
    void driftIsCorrected() {
        fixtures.create(TestingPools.pool("foxtrot"));
        Deployment original = fixtures.awaitDeployment("foxtrot");
        fixtures.awaitExists(Service.class, "foxtrot");
        NetworkPolicy policy = fixtures.awaitExists(NetworkPolicy.class, "foxtrot");

        client.services().inNamespace(NS).withName("foxtrot").delete();
        client.apps().deployments().inNamespace(NS).withName("foxtrot").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                    .replaceAll(e -> "NODE_OPTIONS".equals(e.getName())
                            ? new EnvVar("NODE_OPTIONS", "--allow-natives-syntax", null) : e);
            return d;
        });
        client.network().v1().networkPolicies().inNamespace(NS).withName("foxtrot").edit(np -> {
            np.getSpec().setEgress(List.of(new NetworkPolicyEgressRule())); // "allow all egress"
            return np;
        });

        await().atMost(PoolFixtures.TIMEOUT).until(() -> fixtures.get(Service.class, "foxtrot"), Objects::nonNull);
        await().atMost(PoolFixtures.TIMEOUT).until(() ->
                PoolFixtures.env(fixtures.get(Deployment.class, "foxtrot")).equals(PoolFixtures.env(original)));
        await().atMost(PoolFixtures.TIMEOUT).until(() -> fixtures.get(NetworkPolicy.class, "foxtrot").getSpec(),
                spec -> spec.getEgress().isEmpty() && spec.equals(policy.getSpec()));
    }

    @Test
    void aDeletedPoolIsNotResurrected() {
        fixtures.create(TestingPools.pool("golf"));
        Deployment deployment = fixtures.awaitDeployment("golf");
        assertEquals("golf", deployment.getMetadata().getOwnerReferences().get(0).getName());

        client.resources(SandboxPool.class).inNamespace(NS).withName("golf").delete();
        await().atMost(PoolFixtures.TIMEOUT).until(() -> fixtures.get("golf") == null);
        // The cluster's garbage collector removes owned objects; the mock server has none, so play it.
        client.apps().deployments().inNamespace(NS).withName("golf").delete();
        client.services().inNamespace(NS).withName("golf").delete();

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                fixtures.get(Deployment.class, "golf") == null && fixtures.get(Service.class, "golf") == null);
    }

    private void edit(String name, Consumer<SandboxPool> change) {
        fixtures.edit(name, change);
    }

    private List<Event> events(String pool) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> pool.equals(e.getInvolvedObject().getName()))
                .toList();
    }


    private static String hash(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getAnnotations().get(PoolPlan.CONFIG_HASH_ANNOTATION);
    }
}
