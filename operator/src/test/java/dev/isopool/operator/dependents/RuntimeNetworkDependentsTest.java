package dev.isopool.operator.dependents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isopool.operator.TestingPools;
import dev.isopool.operator.api.NetworkSpec;
import dev.isopool.operator.planning.PoolPlan;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** desired() of the Service, NetworkPolicy, PodDisruptionBudget and ServiceAccount dependents. */
class RuntimeNetworkDependentsTest {

    private final PoolPlan plan = TestingPools.plan(TestingPools.pool("p"));

    @Test
    void serviceTargetsTheRuntimePort() {
        Service service = new RuntimeServiceDependent().desired(plan);
        assertEquals("p", service.getMetadata().getName());
        assertEquals(plan.selectorLabels(), service.getSpec().getSelector());
        assertEquals(8080, service.getSpec().getPorts().get(0).getPort());
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
    }

    @Test
    void networkPolicyDeniesEgressAndAdmitsTheNamespaceByDefault() {
        NetworkPolicy np = new RuntimeNetworkPolicyDependent().desired(plan);
        assertEquals(List.of("Ingress", "Egress"), np.getSpec().getPolicyTypes());
        assertTrue(np.getSpec().getEgress().isEmpty());
        assertEquals(plan.selectorLabels(), np.getSpec().getPodSelector().getMatchLabels());
        NetworkPolicyPeer peer = np.getSpec().getIngress().get(0).getFrom().get(0);
        assertEquals(new LabelSelector(), peer.getPodSelector());
        assertEquals(null, peer.getNamespaceSelector());
        assertEquals(8080, np.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal());
    }

    @Test
    void networkPolicyAdmitsTheConfiguredPeersOnly() {
        NetworkPolicyPeer gateway = new NetworkPolicyPeerBuilder()
                .withNewPodSelector().withMatchLabels(Map.of("app", "gateway")).endPodSelector().build();
        PoolPlan custom = TestingPools.plan(TestingPools.pool("p", s -> {
            NetworkSpec network = new NetworkSpec();
            network.setIngressFrom(List.of(gateway));
            s.setNetwork(network);
        }));
        NetworkPolicy np = new RuntimeNetworkPolicyDependent().desired(custom);
        assertEquals(List.of(gateway), np.getSpec().getIngress().get(0).getFrom());
    }

    @Test
    void disruptionBudgetLetsOnePodGoAtATime() {
        PodDisruptionBudget pdb = new RuntimePodDisruptionBudgetDependent().desired(plan);
        assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
        assertEquals(plan.selectorLabels(), pdb.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void serviceAccountMountsNoToken() {
        ServiceAccount sa = new RuntimeServiceAccountDependent().desired(plan);
        assertEquals("p", sa.getMetadata().getName());
        assertFalse(sa.getAutomountServiceAccountToken());
    }
}
