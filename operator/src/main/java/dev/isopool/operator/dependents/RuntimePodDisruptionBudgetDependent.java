package dev.isopool.operator.dependents;

import dev.isopool.operator.planning.PoolPlan;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * Voluntary disruptions (node drains) take one pod at a time. `maxUnavailable` rather than `minAvailable`, so a
 * one-pod pool does not block a drain forever.
 */
@KubernetesDependent(informer = @Informer(labelSelector = PoolPlan.MANAGED_SELECTOR))
public class RuntimePodDisruptionBudgetDependent extends PlannedDependent<PodDisruptionBudget> {

    public RuntimePodDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget desired(PoolPlan plan) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(metadata(plan, plan.name()))
                .withNewSpec()
                    .withMaxUnavailable(new IntOrString(1))
                    .withNewSelector()
                        .withMatchLabels(plan.selectorLabels())
                    .endSelector()
                .endSpec()
                .build();
    }
}
