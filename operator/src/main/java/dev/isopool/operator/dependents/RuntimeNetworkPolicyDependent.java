package dev.isopool.operator.dependents;

import dev.isopool.operator.planning.PoolPlan;
import dev.isopool.operator.api.SandboxPool;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;
import java.util.Objects;

/**
 * Untrusted code must not reach anything: all egress is denied (no rules under a declared Egress policy type).
 * Ingress is allowed on the runtime port only, from `spec.network.ingressFrom` or else the pool's namespace, and
 * from the operator's pods, which scrape the runtime's `/v1/signals` for the autoscaler.
 * Matched strictly: the usual matchers ignore what others add, and an added egress or ingress rule is exactly
 * the drift this policy exists to prevent.
 */
@KubernetesDependent(informer = @Informer(labelSelector = PoolPlan.MANAGED_SELECTOR))
public class RuntimeNetworkPolicyDependent extends PlannedDependent<NetworkPolicy> {

    public RuntimeNetworkPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    public Matcher.Result<NetworkPolicy> match(NetworkPolicy actual, SandboxPool primary,
            Context<SandboxPool> context) {
        Matcher.Result<NetworkPolicy> result = super.match(actual, primary, context);
        if (!result.matched()) {
            return result;
        }
        NetworkPolicy desired = result.computedDesired().orElseGet(() -> desired(primary, context));
        return Objects.equals(actual.getSpec(), desired.getSpec()) ? result : Matcher.Result.computed(false, desired);
    }

    @Override
    protected NetworkPolicy desired(PoolPlan plan) {
        List<NetworkPolicyPeer> from = plan.ingressFrom().isEmpty()
                ? List.of(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector()).build())
                : plan.ingressFrom();
        return new NetworkPolicyBuilder()
                .withMetadata(metadata(plan, plan.name()))
                .withNewSpec()
                    .withNewPodSelector()
                        .withMatchLabels(plan.selectorLabels())
                    .endPodSelector()
                    .withPolicyTypes("Ingress", "Egress")
                    .addNewIngress()
                        .withFrom(from)
                        .addNewPort()
                            .withProtocol("TCP")
                            .withPort(new IntOrString(PoolPlan.HTTP_PORT))
                        .endPort()
                    .endIngress()
                    .addNewIngress()
                        .addNewFrom()
                            .withNewNamespaceSelector()
                                .addToMatchLabels("kubernetes.io/metadata.name", plan.operatorNamespace())
                            .endNamespaceSelector()
                            .withNewPodSelector()
                                .addToMatchLabels(PoolPlan.LABEL_NAME, PoolPlan.OPERATOR_NAME)
                            .endPodSelector()
                        .endFrom()
                        .addNewPort()
                            .withProtocol("TCP")
                            .withPort(new IntOrString(PoolPlan.HTTP_PORT))
                        .endPort()
                    .endIngress()
                    .withEgress(List.of())
                .endSpec()
                .build();
    }
}
