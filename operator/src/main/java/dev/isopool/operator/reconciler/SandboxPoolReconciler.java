package dev.isopool.operator.reconciler;

import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.api.SandboxPoolStatus;
import dev.isopool.operator.config.OperatorConfig;
import dev.isopool.operator.dependents.RuntimeDeploymentDependent;
import dev.isopool.operator.dependents.RuntimeNetworkPolicyDependent;
import dev.isopool.operator.dependents.RuntimePodDisruptionBudgetDependent;
import dev.isopool.operator.dependents.RuntimeServiceAccountDependent;
import dev.isopool.operator.dependents.RuntimeServiceDependent;
import dev.isopool.operator.events.EventRecorder;
import dev.isopool.operator.planning.DesiredReplicas;
import dev.isopool.operator.planning.MemoryPlan;
import dev.isopool.operator.planning.PoolPlan;
import dev.isopool.operator.planning.PoolPlanner;
import dev.isopool.operator.planning.ResolvedSpec;
import dev.isopool.operator.status.DeploymentView;
import dev.isopool.operator.status.PoolObservation;
import dev.isopool.operator.status.StatusAggregator;
import dev.isopool.operator.status.StatusEvents;
import dev.isopool.operator.status.StatusEvents.PoolEvent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Reconciles a SandboxPool: plan it, apply the plan through the dependents when the spec is valid (an invalid
 * spec applies nothing, so the last valid configuration keeps running), then write the status the aggregator
 * computes, only if it changed. Dependents are owned by the pool and garbage-collected with it. The status is
 * written here rather than through `UpdateControl`, so that server-side apply can be switched at run time.
 */
@ControllerConfiguration(name = SandboxPoolReconciler.NAME)
@Workflow(explicitInvocation = true, dependents = {
    @Dependent(type = RuntimeServiceAccountDependent.class),
    @Dependent(type = RuntimeDeploymentDependent.class),
    @Dependent(type = RuntimeServiceDependent.class),
    @Dependent(type = RuntimePodDisruptionBudgetDependent.class),
    @Dependent(type = RuntimeNetworkPolicyDependent.class)
})
public class SandboxPoolReconciler implements Reconciler<SandboxPool> {

    public static final String NAME = "sandboxpool";
    private static final Logger LOG = Logger.getLogger(SandboxPoolReconciler.class);

    private final PoolPlanner planner;
    private final EventRecorder events;
    private final StatusAggregator aggregator = new StatusAggregator();
    private final StatusWriter statusWriter;

    public SandboxPoolReconciler(OperatorConfig config, EventRecorder events) {
        this.statusWriter = new StatusWriter(config.serverSideApply());
        if (!config.serverSideApply()) {
            LOG.info("Server-side apply is off: dependents and status are written with plain updates and patches");
        }
        this.planner = new PoolPlanner(config.runtimeImage(), config.imagePullPolicy(),
                new MemoryPlan(config.jvmBaseMib()));
        this.events = events;
    }

    @Override
    public UpdateControl<SandboxPool> reconcile(SandboxPool pool, Context<SandboxPool> context) {
        PoolPlanner.Planning planning = planner.plan(pool);
        if (planning.valid()) {
            var workflow = context.managedWorkflowAndDependentResourceContext();
            workflow.put(PoolPlan.CONTEXT_KEY, planning.plan());
            workflow.reconcileManagedWorkflow();
        }

        ResolvedSpec spec = ResolvedSpec.of(pool.getSpec());
        PoolObservation observation = new PoolObservation(
                generation(pool),
                planning.errors(),
                planning.warnings(),
                context.getSecondaryResource(Deployment.class).map(DeploymentView::of),
                spec.autoscaling().enabled(),
                spec.autoscaling().minReplicas(),
                spec.autoscaling().maxReplicas(),
                DesiredReplicas.of(spec, pool.getStatus()),
                PoolPlan.selectorString(pool.getMetadata().getName()));
        SandboxPoolStatus next = aggregator.aggregate(pool.getStatus(), observation, Instant.now());
        if (next.equals(pool.getStatus())) {
            return UpdateControl.noUpdate();
        }
        for (PoolEvent event : StatusEvents.between(pool.getStatus(), next)) {
            if (PoolEvent.WARNING.equals(event.type())) {
                LOG.warnf("%s: %s", event.reason(), event.message());
            } else {
                LOG.infof("%s: %s", event.reason(), event.message());
            }
            events.record(pool, event);
        }
        statusWriter.write(context, pool, next);
        return UpdateControl.noUpdate();
    }

    private static long generation(SandboxPool pool) {
        Long generation = pool.getMetadata().getGeneration();
        return generation == null ? 0L : generation;
    }
}
