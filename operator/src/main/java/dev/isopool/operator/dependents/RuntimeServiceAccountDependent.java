package dev.isopool.operator.dependents;

import dev.isopool.operator.planning.PoolPlan;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The runtime pods' own identity: no API access, and no token mounted. */
@KubernetesDependent(informer = @Informer(labelSelector = PoolPlan.MANAGED_SELECTOR))
public class RuntimeServiceAccountDependent extends PlannedDependent<ServiceAccount> {

    public RuntimeServiceAccountDependent() {
        super(ServiceAccount.class);
    }

    @Override
    protected ServiceAccount desired(PoolPlan plan) {
        return new ServiceAccountBuilder()
                .withMetadata(metadata(plan, plan.name()))
                .withAutomountServiceAccountToken(false)
                .build();
    }
}
