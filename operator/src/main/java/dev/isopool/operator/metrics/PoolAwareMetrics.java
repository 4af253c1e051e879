package dev.isopool.operator.metrics;

import dev.isopool.operator.api.SandboxPool;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * The SDK's metrics, plus two things the alerts need: each controller's `reconciliations_failure_total` exists from
 * the start at 0 (the SDK creates it at the first failure, which `increase()` cannot see, and an alert on a series
 * that does not exist yet cannot be checked against a scrape), and a deleted SandboxPool's own series are dropped.
 * The reconciler is not called for a deletion (the pool has no finalizer: its dependents go with it by owner
 * references), but the SDK reports every event it receives here.
 */
final class PoolAwareMetrics implements Metrics {

    /** The SDK's name and tag for it (MicrometerMetricsV2, without the per-namespace tag). */
    static final String FAILURES = "reconciliations.failure.total";
    static final String CONTROLLER_TAG = "controller.name";

    private final Metrics sdk;
    private final MeterRegistry registry;
    private final PoolMetrics pools;

    PoolAwareMetrics(Metrics sdk, MeterRegistry registry, PoolMetrics pools) {
        this.sdk = sdk;
        this.registry = registry;
        this.pools = pools;
    }

    @Override
    public void eventReceived(Event event, Map<String, Object> metadata) {
        sdk.eventReceived(event, metadata);
        if (event instanceof ResourceEvent resource && resource.getAction() == ResourceAction.DELETED
                && resource.getResource().filter(SandboxPool.class::isInstance).isPresent()) {
            ResourceID id = resource.getRelatedCustomResourceID();
            pools.forget(id.getNamespace().orElse(""), id.getName());
        }
    }

    @Override
    public void controllerRegistered(Controller<? extends HasMetadata> controller) {
        sdk.controllerRegistered(controller);
        registry.counter(FAILURES, CONTROLLER_TAG, controller.getConfiguration().getName());
    }

    @Override
    public void reconciliationSubmitted(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        sdk.reconciliationSubmitted(resource, retryInfo, metadata);
    }

    @Override
    public void reconciliationStarted(HasMetadata resource, Map<String, Object> metadata) {
        sdk.reconciliationStarted(resource, metadata);
    }

    @Override
    public void reconciliationFailed(HasMetadata resource, RetryInfo retryInfo, Exception exception,
            Map<String, Object> metadata) {
        sdk.reconciliationFailed(resource, retryInfo, exception, metadata);
    }

    @Override
    public void reconciliationSucceeded(HasMetadata resource, Map<String, Object> metadata) {
        sdk.reconciliationSucceeded(resource, metadata);
    }

    @Override
    public void reconciliationFinished(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
        sdk.reconciliationFinished(resource, retryInfo, metadata);
    }

    @Override
    public void cleanupDone(ResourceID resourceID, Map<String, Object> metadata) {
        sdk.cleanupDone(resourceID, metadata);
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        return sdk.timeControllerExecution(execution);
    }
}
