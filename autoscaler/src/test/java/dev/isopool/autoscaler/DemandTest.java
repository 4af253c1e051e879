package dev.isopool.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A saturated pod reads utilization 1 and a lag its queue bounds; what it refused is the demand beyond its capacity,
 * and counting it sizes the pool in one step.
 */
class DemandTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AutoscalerConfig CONFIG = AutoscalerConfig.defaults(1, 50);

    @ParameterizedTest(name = "utilization {0}, {1} run, {2} refused -> demand {3}")
    @CsvSource({
        "0.5, 1000, 0, 0.5",
        "1.0, 1000, 0, 1.0",
        "1.0, 1000, 1000, 2.0",
        "1.0, 2000, 18000, 10.0",
        "0.9, 1000, 500, 1.35",
        "1.0, 0, 500, 500.0"        // ran nothing, refused everything: each refusal counts as one run
    })
    void demandIsUtilizationScaledByWhatWasOffered(double utilization, long executions, long rejected,
            double demand) {
        assertEquals(demand, new PodReading(0, 1, utilization, executions, rejected).demand(), 1e-9);
    }

    @Test
    void refusedRequestsScaleASaturatedPoolInOneStep() {
        // 2 pods of capacity C receive 10 C: each runs C and refuses 4 C. Needed at 0.7: ceil(10 / 0.7) = 15.
        PodReading saturated = new PodReading(64, 1.0, 1.0, 20_000, 80_000);
        PoolSample sample = new PoolSample(2, java.util.List.of(PodSample.of(saturated), PodSample.of(saturated)));
        Decision d = AutoscalerPolicy.decide(CONFIG, sample, History.EMPTY, T0);
        assertEquals(15, d.desiredReplicas());
        assertTrue(d.panic(), "a ratio of 7 panics");
        assertEquals("demand 5.00 > 0.70 target (panic, ratio 7.1 >= 2.0): 2 -> 15",
                Explanation.of(CONFIG, d).reason());
    }

    @Test
    void withoutRefusalsTheLoadSignalIsUtilization() {
        PoolSample sample = PoolSample.uniform(3, 5, 1.0, 0.35);
        Decision d = AutoscalerPolicy.decide(CONFIG, sample, History.EMPTY, T0);
        assertEquals(2, d.desiredReplicas());
        assertTrue(Explanation.of(CONFIG, d).reason().startsWith("utilization 0.35 < 0.70 target"));
    }
}
