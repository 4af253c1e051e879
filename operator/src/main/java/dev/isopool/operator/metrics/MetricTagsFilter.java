package dev.isopool.operator.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Java Operator SDK 5.3's Micrometer binding counts `events.received` with an `action` tag for resource events
 * and without one for other events. Prometheus refuses a second set of tag keys for one name, and the exception
 * surfaces inside the informers' event handlers, where it drops the event: drift on a dependent would go
 * unnoticed. Giving every such counter an `action` tag keeps one set of keys.
 */
public class MetricTagsFilter {

    static final String EVENTS_RECEIVED = "events.received";

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
