package dev.isopool.operator.metrics;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Java Operator SDK's Micrometer binding, wired so that it works in the packaged operator, and the pools' own. */
public class OperatorMetrics {

    static final String EVENTS_RECEIVED = "events.received";

    /**
     * The Quarkus extension's own producer hands out the metrics its MeterBinder creates when the registry binds
     * it; in the packaged operator the configuration service asks before that happens and silently falls back to
     * no metrics. Building them from the registry directly does not depend on that order. {@link PoolAwareMetrics}
     * adds what the alerts of config/monitoring need.
     */
    @Produces
    @Singleton
    public Metrics operatorSdkMetrics(MeterRegistry registry, PoolMetrics pools) {
        return new PoolAwareMetrics(MicrometerMetricsV2.newBuilder(registry).build(), registry, pools);
    }

    /**
     * The binding counts `events.received` with an `action` tag for resource events and without one for other
     * events. Prometheus refuses a second set of tag keys for one name, and the exception surfaces inside the
     * informers' event handlers, where it drops the event: drift on a dependent would go unnoticed. Giving every
     * such counter an `action` tag keeps one set of keys.
     */
    @Produces
    @Singleton
    public MeterFilter uniformEventTags() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().endsWith(EVENTS_RECEIVED) && id.getTag("action") == null) {
                    return id.withTag(Tag.of("action", "none"));
                }
                return id;
            }
        };
    }
}
