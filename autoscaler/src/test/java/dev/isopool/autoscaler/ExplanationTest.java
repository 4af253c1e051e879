package dev.isopool.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words of the ScalingLimited condition and of the decisions the policy tests do not spell out. */
class ExplanationTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aCapAtMaxReplicasNamesWhatWasWanted() {
        AutoscalerConfig narrow = AutoscalerConfig.defaults(2, 5);
        Decision d = AutoscalerPolicy.decide(narrow, PoolSample.uniform(4, 200, 1.0, 0.7),
                AutoscalerPolicyTest.LAG_HELD, T0);
        Explanation words = Explanation.of(narrow, d);
        assertEquals("the desired count (27) is above maxReplicas (5)", words.limitMessage());
        assertEquals("lag p99 200 ms > 30 ms target (panic, ratio 6.7 >= 2.0; capped at maxReplicas 5): 4 -> 5",
                words.reason());
    }

    @Test
    void aRateLimitNamesThePolicies() {
        AutoscalerConfig config = AutoscalerConfig.defaults(1, 50);
        History h = AutoscalerPolicy.decide(config, PoolSample.uniform(10, 0, 1.0, 1.3), History.EMPTY, T0)
                .history();
        Decision d = AutoscalerPolicy.decide(config, PoolSample.uniform(19, 0, 1.0, 1.3), h, T0.plusSeconds(5));
        Explanation words = Explanation.of(config, d);
        assertEquals("the desired count (36) rises faster than the scale-up rate allows "
                + "(max(100% per 15 s, 4 pods per 15 s))", words.limitMessage());
        assertEquals("utilization 1.30 > 0.70 target (scale-up rate limits this step to 20): 19 -> 20",
                words.reason());
    }

    @Test
    void withinRangeSaysTheRange() {
        AutoscalerConfig config = AutoscalerConfig.defaults(1, 50);
        Decision d = AutoscalerPolicy.decide(config, PoolSample.uniform(4, 5, 1.0, 0.7), History.EMPTY, T0);
        assertEquals("the desired count is within [1, 50]", Explanation.of(config, d).limitMessage());
    }

    @Test
    void aScaleDownHeldByTheWindowSaysByWhat() {
        AutoscalerConfig config = AutoscalerConfig.defaults(1, 50);
        History h = History.EMPTY.record(new History.Recommendation(T0.minusSeconds(100), 8), 300);
        Decision d = AutoscalerPolicy.decide(config, PoolSample.uniform(8, 5, 1.0, 0.1), h, T0);
        assertEquals("utilization 0.10 < 0.70 target (scale-down to 2 held: 8 recommended within the last 300 s);"
                + " holding 8", Explanation.of(config, d).reason());
    }

    @Test
    void missingPodsAreCounted() {
        AutoscalerConfig config = AutoscalerConfig.defaults(1, 50);
        PoolSample sample = new PoolSample(3, List.of(PodSample.of(5, 1.0, 0.7), PodSample.of(5, 1.0, 0.7),
                PodSample.missing()));
        Decision d = AutoscalerPolicy.decide(config, sample, History.EMPTY, T0);
        assertEquals("utilization 0.70 within 10% of 0.70 target (2 of 3 pods answered); holding 3",
                Explanation.of(config, d).reason());
    }
}
