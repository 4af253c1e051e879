package dev.isopool.operator.dependents;

import dev.isopool.operator.planning.PoolPlan;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The pool's stable address: ClusterIP on the runtime port, to ready pods only. */
@KubernetesDependent(informer = @Informer(labelSelector = PoolPlan.MANAGED_SELECTOR))
public class RuntimeServiceDependent extends PlannedDependent<Service> {

    public RuntimeServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(PoolPlan plan) {
        return new ServiceBuilder()
                .withMetadata(metadata(plan, plan.name()))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(plan.selectorLabels())
                    .addNewPort()
                        .withName("http")
                        .withProtocol("TCP")
                        .withPort(PoolPlan.HTTP_PORT)
                        .withTargetPort(new IntOrString("http"))
                    .endPort()
                .endSpec()
                .build();
    }
}
