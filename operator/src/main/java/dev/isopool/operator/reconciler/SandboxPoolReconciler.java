package dev.isopool.operator.reconciler;

import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.api.SandboxPoolStatus;
import dev.isopool.autoscaler.SlowdownPolicy;
import dev.isopool.operator.config.OperatorConfig;
import dev.isopool.operator.dependents.RuntimeDeploymentDependent;
import dev.isopool.operator.dependents.RuntimeNetworkPolicyDependent;
import dev.isopool.operator.dependents.RuntimePodDisruptionBudgetDependent;
import dev.isopool.operator.dependents.RuntimeServiceAccountDependent;
import dev.isopool.operator.dependents.RuntimeServiceDependent;
import dev.isopool.operator.events.EventRecorder;
import dev.isopool.operator.metrics.PoolMetrics;
import dev.isopool.operator.planning.DesiredReplicas;
import dev.isopool.operator.planning.MemoryPlan;
import dev.isopool.operator.planning.PoolPlan;
import dev.isopool.operator.planning.PoolPlanner;
import dev.isopool.operator.planning.ResolvedSpec;
import dev.isopool.operator.planning.SpecProblem;
import dev.isopool.operator.scrape.ScrapeTarget;
import dev.isopool.operator.scrape.SignalsCollector;
import dev.isopool.operator.status.DeploymentView;
import dev.isopool.operator.status.PoolObservation;
import dev.isopool.operator.status.StatusAggregator;
import dev.isopool.operator.status.StatusEvents;
import dev.isopool.operator.status.StatusEvents.PoolEvent;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reconciles a SandboxPool: plan it, apply the plan through the dependents when the spec is valid (an invalid
 * spec applies nothing, so the last valid configuration keeps running), then write the status the aggregator
 * computes, only if it changed. Dependents are owned by the pool and garbage-collected with it. The status is
 * written here rather than through `UpdateControl`, so that server-side apply can be switched at run time.
 *
 * <p>With autoscaling on, each pass also polls the pool's scrapes (which run off this thread, see
 * {@link SignalsCollector}); a finished scrape becomes a decision, written to status before the Deployment follows
 * it, so that a crash between the two can never undo a decision. The pass asks to be run again when the next scrape
 * is due, since status writes do not wake the reconciler.
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
    static final String LIFTOFF_SUSPECTED = "LiftoffSuspected";
    private static final Logger LOG = Logger.getLogger(SandboxPoolReconciler.class);

    private final PoolPlanner planner;
    private final EventRecorder events;
    private final StatusAggregator aggregator = new StatusAggregator();
    private final StatusWriter statusWriter;
    private final AutoscalerRealizer realizer = new AutoscalerRealizer();
    private final SignalsCollector signals;
    private final PoolMetrics metrics;
    private final SimpleInboundEventSource<SandboxPool> scrapesDone = new SimpleInboundEventSource<>("scrapes");

    private final Clock clock;

    public SandboxPoolReconciler(OperatorConfig config, EventRecorder events, SignalsCollector signals,
            PoolMetrics metrics, Clock clock) {
        this.statusWriter = new StatusWriter(config.serverSideApply());
        if (!config.serverSideApply()) {
            LOG.info("Server-side apply is off: dependents and status are written with plain updates and patches");
        }
        this.planner = new PoolPlanner(config.runtimeImage(), config.imagePullPolicy(),
                new MemoryPlan(config.jvmBaseMib()), config.namespace());
        this.events = events;
        this.signals = signals;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, SandboxPool>> prepareEventSources(EventSourceContext<SandboxPool> context) {
        // The pools' pods: which ones to scrape, and a pass whenever one becomes ready or goes away.
        InformerEventSource<Pod, SandboxPool> pods = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Pod.class, SandboxPool.class)
                        .withName("runtime-pods")
                        .withLabelSelector(PoolPlan.LABEL_NAME + "=" + PoolPlan.RUNTIME)
                        .withSecondaryToPrimaryMapper(pod -> {
                            String owner = pod.getMetadata().getLabels() == null ? null
                                    : pod.getMetadata().getLabels().get(PoolPlan.LABEL_POOL);
                            return owner == null ? Set.of()
                                    : Set.of(new ResourceID(owner, pod.getMetadata().getNamespace()));
                        })
                        .build(),
                context);
        return List.of(pods, scrapesDone);
    }

    @Override
    public UpdateControl<SandboxPool> reconcile(SandboxPool pool, Context<SandboxPool> context) {
        ResolvedSpec spec = ResolvedSpec.of(pool.getSpec());
        PoolPlanner.Planning planning = planner.plan(pool);
        SandboxPool current = pool;
        Optional<Duration> nextScrape = Optional.empty();
        String key = pool.getMetadata().getNamespace() + "/" + pool.getMetadata().getName();

        if (spec.autoscaling().enabled() && planning.valid()) {
            List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
            ResourceID id = ResourceID.fromResource(pool);
            SignalsCollector.Poll poll = signals.poll(key,
                    Duration.ofSeconds(spec.autoscaling().intervalSeconds()),
                    now -> pods.stream().map(pod -> ScrapeTarget.of(pod, now)).flatMap(Optional::stream).toList(),
                    () -> scrapesDone.propagateEvent(id));
            nextScrape = Optional.of(poll.nextScrapeIn());
            boolean tierUpOn = SlowdownPolicy.tierUpOn(planning.plan().v8FlagsInForce());
            Optional<AutoscalerRealizer.Step> decided = poll.result().flatMap(scrape -> realizer.apply(spec,
                    pool.getStatus(), scrape, tierUpOn));
            if (decided.isPresent()) {
                AutoscalerRealizer.Step step = decided.get();
                planning = planner.plan(pool, step.status());
                // The decision is written first: the Deployment follows only a decision that is on record.
                SandboxPoolStatus withDecision = aggregate(pool, step.status(), planning, context, spec);
                for (PoolEvent event : step.events()) {
                    events.record(pool, event);
                }
                current = write(context, pool, withDecision);
                if (step.decision().scaled()) {
                    metrics.scaled(pool.getMetadata().getNamespace(), pool.getMetadata().getName(),
                            step.decision().desiredReplicas() > step.decision().currentReplicas());
                }
            }
        } else {
            signals.forget(key);
        }

        if (planning.valid()) {
            var workflow = context.managedWorkflowAndDependentResourceContext();
            workflow.put(PoolPlan.CONTEXT_KEY, planning.plan());
            workflow.reconcileManagedWorkflow();
        }
        SandboxPoolStatus next = aggregate(current, current.getStatus(), planning, context, spec);
        if (!next.equals(current.getStatus())) {
            write(context, current, next);
        }
        metrics.observe(pool.getMetadata().getNamespace(), pool.getMetadata().getName(), next, spec.autoscaling());
        return nextScrape.map(d -> UpdateControl.<SandboxPool>noUpdate().rescheduleAfter(d))
                .orElseGet(UpdateControl::noUpdate);
    }

    private SandboxPoolStatus aggregate(SandboxPool pool, SandboxPoolStatus base, PoolPlanner.Planning planning,
            Context<SandboxPool> context, ResolvedSpec spec) {
        List<SpecProblem> warnings = new ArrayList<>();
        if (base != null && base.getAutoscaler() != null && base.getAutoscaler().getLiftoffSuspected() != null
                && spec.autoscaling().enabled()) {
            warnings.add(new SpecProblem("spec.v8", LIFTOFF_SUSPECTED, base.getAutoscaler().getLiftoffSuspected()));
        }
        warnings.addAll(planning.warnings());
        PoolObservation observation = new PoolObservation(
                generation(pool),
                planning.errors(),
                warnings,
                context.getSecondaryResource(Deployment.class).map(DeploymentView::of),
                spec.autoscaling().enabled(),
                spec.autoscaling().minReplicas(),
                DesiredReplicas.of(spec, base),
                PoolPlan.selectorString(pool.getMetadata().getName()),
                planning.valid() ? Optional.of(planning.plan().v8FlagsInForce()) : Optional.empty());
        return aggregator.aggregate(base, observation, clock.instant());
    }

    /** Writes a status, first recording the events its changes deserve; returns the pool as written. */
    private SandboxPool write(Context<SandboxPool> context, SandboxPool pool, SandboxPoolStatus next) {
        for (PoolEvent event : StatusEvents.between(pool.getStatus(), next)) {
            if (PoolEvent.WARNING.equals(event.type())) {
                LOG.warnf("%s: %s", event.reason(), event.message());
            } else {
                LOG.infof("%s: %s", event.reason(), event.message());
            }
            events.record(pool, event);
        }
        SandboxPool written = statusWriter.write(context, pool, next);
        return written == null ? pool : written;
    }

    private static long generation(SandboxPool pool) {
        Long generation = pool.getMetadata().getGeneration();
        return generation == null ? 0L : generation;
    }
}
