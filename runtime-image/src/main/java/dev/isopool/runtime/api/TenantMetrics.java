package dev.isopool.runtime.api;

import dev.isopool.runtime.engine.EngineEvents;
import dev.isopool.runtime.engine.SaturatedException;
import dev.isopool.runtime.engine.TenantUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Per-tenant metrics with a bounded number of series: {@code isopool_tenant_executions_total},
 * {@code isopool_tenant_cpu_seconds_total}, {@code isopool_tenant_queue_wait_seconds} (count, sum,
 * max) and {@code isopool_tenant_rejected_total{reason="pod"|"tenant"}}, each by {@code tenant}.
 * The label is the tenant's name for the {@value #TRACKED} tenants that used the most CPU in the
 * last window (re-ranked once a second), {@code anonymous} for requests without a tenant, and
 * {@code other} for every other tenant (tenants named "other" or "anonymous" among them, so a
 * label never means two things). At most {@value #TRACKED} + 2 values per metric whatever the
 * callers send; a tenant that drops out of the busiest loses its series and counts as
 * {@code other} from then on (Prometheus sees its series end, as when a pod goes away).
 */
@Singleton
public class TenantMetrics implements EngineEvents {
    static final int TRACKED = 20;
    static final String OTHER = "other";
    static final String ANONYMOUS = "anonymous";

    private final MeterRegistry registry;
    private final LongSupplier clockMillis;
    private final TenantUsage usage = new TenantUsage();
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();
    private volatile Set<String> tracked = Set.of();
    private long rankedSecond = Long.MIN_VALUE;

    @Inject
    public TenantMetrics(MeterRegistry registry) {
        this(registry, System::currentTimeMillis);
    }

    /** With a clock of its own, for tests. */
    TenantMetrics(MeterRegistry registry, LongSupplier clockMillis) {
        this.registry = registry;
        this.clockMillis = clockMillis;
    }

    @Override
    public void tenantRan(String tenant, long waitedNanos, long cpuUs) {
        long now = clockMillis.getAsLong();
        if (tenant != null) {
            rank(tenant, cpuUs, now);
        }
        Meters m = meters(label(tenant));
        m.executions.increment();
        m.cpuSeconds.increment(cpuUs / 1e6);
        m.queueWait.record(waitedNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void rejected(SaturatedException.Scope scope, String tenant) {
        meters(label(tenant)).rejected.get(scope).increment();
    }

    /** The label {@code tenant}'s events are counted under now. */
    String label(String tenant) {
        if (tenant == null) {
            return ANONYMOUS;
        }
        return tracked.contains(tenant) ? tenant : OTHER;
    }

    /** Charges the tenant and, at most once a second, re-ranks the busiest and drops the series of the rest. */
    private synchronized void rank(String tenant, long cpuUs, long now) {
        usage.charge(tenant, cpuUs, now);
        long second = Math.floorDiv(now, 1000);
        if (second == rankedSecond) {
            return;
        }
        rankedSecond = second;
        usage.prune(now);
        Set<String> busiest = new HashSet<>();
        for (String t : usage.busiest(TRACKED + 2, now)) {
            if (busiest.size() < TRACKED && !t.equals(OTHER) && !t.equals(ANONYMOUS)) {
                busiest.add(t);
            }
        }
        tracked = Set.copyOf(busiest);
        for (String label : List.copyOf(meters.keySet())) {
            if (!label.equals(OTHER) && !label.equals(ANONYMOUS) && !busiest.contains(label)) {
                Meters gone = meters.remove(label);
                if (gone != null) {
                    gone.all().forEach(registry::remove);
                }
            }
        }
    }

    private Meters meters(String label) {
        return meters.computeIfAbsent(label, this::register);
    }

    private Meters register(String label) {
        Counter executions = Counter.builder("isopool.tenant.executions")
                .description("Requests run, by tenant (the busiest by CPU, anonymous, other)")
                .tag("tenant", label).register(registry);
        Counter cpu = Counter.builder("isopool.tenant.cpu").baseUnit("seconds")
                .description("CPU time of the workers' threads spent on the tenant's requests")
                .tag("tenant", label).register(registry);
        Timer wait = Timer.builder("isopool.tenant.queue.wait")
                .description("Time the tenant's requests waited in the queue for a worker")
                .tag("tenant", label).register(registry);
        Map<SaturatedException.Scope, Counter> rejected = new EnumMap<>(SaturatedException.Scope.class);
        for (SaturatedException.Scope scope : SaturatedException.Scope.values()) {
            rejected.put(scope, Counter.builder("isopool.tenant.rejected")
                    .description("Requests refused with 429, by reason: the pod's queue was full, or the tenant's share")
                    .tag("tenant", label).tag("reason", scope.label).register(registry));
        }
        return new Meters(executions, cpu, wait, rejected);
    }

    private record Meters(Counter executions, Counter cpuSeconds, Timer queueWait,
            Map<SaturatedException.Scope, Counter> rejected) {
        List<Meter> all() {
            List<Meter> list = new java.util.ArrayList<>(List.of(executions, cpuSeconds, queueWait));
            list.addAll(rejected.values());
            return list;
        }
    }
}
