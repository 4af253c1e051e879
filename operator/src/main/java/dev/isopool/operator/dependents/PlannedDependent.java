package dev.isopool.operator.dependents;

import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.config.OperatorConfig;
import dev.isopool.operator.planning.PoolPlan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * A dependent rendered from the pool's {@link PoolPlan}, which the reconciler computes once and puts in the
 * context before it runs the workflow. Owner references and create/update/drift handling come from the SDK.
 */
abstract class PlannedDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, SandboxPool> {

    PlannedDependent(Class<R> type) {
        super(type);
    }

    @Override
    protected final R desired(SandboxPool primary, Context<SandboxPool> context) {
        return desired(context.managedWorkflowAndDependentResourceContext()
                .getMandatory(PoolPlan.CONTEXT_KEY, PoolPlan.class));
    }

    /**
     * The Quarkus extension fixes server-side apply per dependent at build time; honour the run-time switch
     * `isopool.operator.server-side-apply` as well (off for API servers without server-side apply).
     */
    @Override
    protected boolean useSSA(Context<SandboxPool> context) {
        return OperatorConfig.serverSideApplyEnabled() && super.useSSA(context);
    }

    /** The object this pool should have; a pure function of the plan. */
    protected abstract R desired(PoolPlan plan);

    static ObjectMeta metadata(PoolPlan plan, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(plan.namespace())
                .withLabels(plan.labels())
                .build();
    }
}
