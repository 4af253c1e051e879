package dev.isopool.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isopool.runtime.engine.SaturatedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Per-tenant series stay bounded whatever tenants callers send. */
class TenantMetricsTest {
    private final AtomicLong now = new AtomicLong(100_000);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TenantMetrics metrics = new TenantMetrics(registry, now::get);

    private Set<String> labels(String metric) {
        return registry.find(metric).meters().stream().map(m -> m.getId().getTag("tenant")).collect(Collectors.toSet());
    }

    private double executions(String tenant) {
        Counter c = registry.find("isopool.tenant.executions").tag("tenant", tenant).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aThousandTenantsMakeAtMostTheBusiestTwentyPlusOtherAndAnonymous() {
        for (int i = 0; i < 1000; i++) {
            metrics.tenantRan("t" + i, 0, 1_000 + i); // t999 used the most
        }
        now.addAndGet(1_000);
        metrics.tenantRan("late", 0, 1); // the first event of a second re-ranks
        for (int i = 0; i < 1000; i++) {
            metrics.tenantRan("t" + i, 0, 1);
        }
        metrics.tenantRan(null, 0, 5);
        Set<String> labels = labels("isopool.tenant.executions");
        System.out.println(labels.size() + " labels: " + labels);
        assertEquals(TenantMetrics.TRACKED + 2, labels.size(), labels.toString());
        assertTrue(labels.contains("t999") && labels.contains("t980") && !labels.contains("t979"), labels.toString());
        assertTrue(labels.contains("other") && labels.contains("anonymous"));
        double total = labels.stream().mapToDouble(this::executions).sum();
        assertTrue(total >= 1002, "every execution since the ranking is counted under one label: " + total);
    }

    @Test
    void cpuWaitAndRejectionsByReason() {
        metrics.tenantRan("acme", TimeUnit.MILLISECONDS.toNanos(40), 250_000);
        now.addAndGet(1_000);
        metrics.tenantRan("acme", TimeUnit.MILLISECONDS.toNanos(20), 250_000);
        metrics.rejected(SaturatedException.Scope.TENANT, "acme");
        metrics.rejected(SaturatedException.Scope.POD, "newcomer");
        metrics.rejected(SaturatedException.Scope.POD, null);
        assertEquals(0.5, registry.find("isopool.tenant.cpu").tag("tenant", "acme").counter().count(), 1e-9,
                "a tenant's first execution ranks it at once");
        assertEquals(60, registry.find("isopool.tenant.queue.wait").tag("tenant", "acme").timer()
                .totalTime(TimeUnit.MILLISECONDS), 1e-6);
        assertEquals(1, registry.find("isopool.tenant.rejected").tags("tenant", "acme", "reason", "tenant").counter().count());
        assertEquals(1, registry.find("isopool.tenant.rejected").tags("tenant", "other", "reason", "pod").counter().count());
        assertEquals(1, registry.find("isopool.tenant.rejected").tags("tenant", "anonymous", "reason", "pod").counter().count());
    }

    @Test
    void aTenantThatDropsOutLosesItsSeriesAndReservedNamesAreNeverTracked() {
        metrics.tenantRan("gone", 0, 1_000);
        metrics.tenantRan("other", 0, 9_000);
        now.addAndGet(1_000);
        metrics.tenantRan("gone", 0, 1_000);
        assertEquals(2, executions("gone"));
        assertEquals("other", metrics.label("other"), "a tenant named other is counted as other");
        now.addAndGet(11_000);
        metrics.tenantRan("fresh", 0, 1_000); // re-rank: gone used nothing in the window
        assertNull(registry.find("isopool.tenant.executions").tag("tenant", "gone").counter());
        assertEquals("other", metrics.label("gone"));
    }
}
