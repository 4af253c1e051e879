package dev.isopool.operator.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The metric names read out of PromQL: series selectors only, not functions, labels, keywords or variables. */
class MonitoringFilesTest {

    @Test
    void namesAreTheSeriesAnExpressionSelects() {
        assertEquals(Set.of("a_total", "b_bucket", "c"), MonitoringFiles.names("""
                sum by (namespace, pool) (rate(a_total{pool=~"$pool", x="y{z}"}[5m]))
                  / on (pool) group_left histogram_quantile(0.99, sum by (le) (rate(b_bucket[$__rate_interval])))
                  > bool 0.05 and c offset 5m unless ignoring(pod) c or vector(1)"""));
    }

    @Test
    void theShippedFilesUseTheRuntimesAndTheOperatorsNames() {
        Set<String> names = MonitoringFiles.metricNames();
        assertTrue(names.contains("isopool_event_loop_lag_p99_milliseconds"), names.toString());
        assertTrue(names.contains("isopool_pool_desired_replicas"), names.toString());
        assertTrue(names.contains("reconciliations_failure_total"), names.toString());
        assertTrue(names.stream().allMatch(n -> n.startsWith("isopool_") || n.startsWith("reconciliations_")),
                names.toString());
    }
}
