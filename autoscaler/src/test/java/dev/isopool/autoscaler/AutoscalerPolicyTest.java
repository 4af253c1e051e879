package dev.isopool.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The whole policy, tick by tick: panic mode as Knative's, the HPA's windows, missing signals, bounds, words. */
class AutoscalerPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AutoscalerConfig CONFIG = AutoscalerConfig.defaults(1, 50);

    /** Lag has been above its target for the last 20 s: the alarm counts from the first tick. */
    static final History LAG_HELD = History.EMPTY.withLagAboveSince(T0.minusSeconds(20));

    private History history = History.EMPTY;

    private Decision tick(long seconds, PoolSample sample) {
        Decision d = AutoscalerPolicy.decide(CONFIG, sample, history, T0.plusSeconds(seconds));
        history = d.history();
        return d;
    }

    private static String reason(Decision d) {
        return Explanation.of(CONFIG, d).reason();
    }

    @Test
    void explainsAScaleUpInWords() {
        history = LAG_HELD;
        Decision d = tick(0, PoolSample.uniform(3, 50, 1.0, 0.5));
        assertEquals(5, d.desiredReplicas());
        assertEquals("lag p99 50 ms > 30 ms target: 3 -> 5", reason(d));
        assertFalse(d.panic());
    }

    @Test
    void aRatioOfTwoPanicsAndScalesUpPastTheRatePolicies() {
        // HPA's default rate would allow max(4 pods, 100%) = 8 from 4; panic goes to the recommendation at once.
        history = LAG_HELD;
        Decision d = tick(0, PoolSample.uniform(4, 150, 1.0, 0.7));
        assertTrue(d.panic());
        assertEquals(20, d.desiredReplicas());
        assertTrue(reason(d).startsWith("lag p99 150 ms > 30 ms target (panic, ratio 5.0 >= 2.0)"), reason(d));
    }

    @Test
    void belowThePanicThresholdTheRatePoliciesApply() {
        Decision d = tick(0, PoolSample.uniform(10, 0, 1.0, 1.3));
        assertFalse(d.panic());
        assertEquals(19, d.recommendation());
        assertEquals(19, d.desiredReplicas(), "100% per 15 s allows 20");
        Decision next = tick(5, PoolSample.uniform(19, 0, 1.0, 1.3));
        assertEquals(36, next.recommendation());
        assertEquals(20, next.desiredReplicas(), "10 at the period's start: at most 20 within 15 s");
        assertEquals(Limit.SCALE_UP_LIMIT, next.limit().reason());
    }

    @Test
    void noScaleDownWhilePanickingThenTheScaleDownWindow() {
        history = LAG_HELD;
        tick(0, PoolSample.uniform(2, 120, 1.0, 0.9));                       // ratio 4: panic, 2 -> 8
        assertEquals(8, AutoscalerPolicy.decide(CONFIG, PoolSample.uniform(8, 5, 1.0, 0.1), history,
                T0.plusSeconds(30)).desiredReplicas(), "no scale-down 30 s into panic");
        Decision calm = null;
        for (int t = 5; t <= 60; t += 5) {
            calm = tick(t, PoolSample.uniform(8, 5, 1.0, 0.1));
            assertEquals(8, calm.desiredReplicas(), "t=" + t);
        }
        assertTrue(calm.panic(), "panic lasts 60 s after the last tick over the threshold");
        Decision after = tick(65, PoolSample.uniform(8, 5, 1.0, 0.1));
        assertFalse(after.panic());
        assertEquals(8, after.desiredReplicas(), "the scale-down window still remembers 8");
        Decision late = null;
        for (int t = 70; t < 300; t += 5) {
            late = tick(t, PoolSample.uniform(8, 5, 1.0, 0.1));
            assertEquals(8, late.desiredReplicas(), "t=" + t);
        }
        Decision down = tick(300, PoolSample.uniform(8, 5, 1.0, 0.1));
        assertEquals(2, down.desiredReplicas(), "300 s after the last recommendation of 8");
        assertEquals("utilization 0.10 < 0.70 target (no higher recommendation for 300 s): 8 -> 2", reason(down));
    }

    @Test
    void panicIsExtendedWhileTheRatioStaysHigh() {
        history = LAG_HELD;
        tick(0, PoolSample.uniform(2, 120, 1.0, 0.9));
        assertEquals(19, tick(50, PoolSample.uniform(8, 70, 1.0, 0.9)).desiredReplicas()); // ratio 2.3 again
        Decision d = tick(100, PoolSample.uniform(19, 5, 1.0, 0.1));
        assertTrue(d.panic(), "within 60 s of t=50");
        assertEquals(19, d.desiredReplicas());
        assertTrue(reason(d).contains("scale-down to 3 held: in panic for 10 s more"), reason(d));
        assertFalse(tick(115, PoolSample.uniform(19, 5, 1.0, 0.1)).panic());
    }

    @Test
    void missingSignalsHoldAndRecordNothing() {
        tick(0, PoolSample.uniform(6, 5, 1.0, 0.7));
        Decision d = tick(5, PoolSample.silent(6));
        assertTrue(d.signalsMissing());
        assertEquals(6, d.desiredReplicas());
        assertEquals("no signals from any of 6 ready pods; holding 6", reason(d));
        assertEquals(1, d.history().recommendations().size(), "a silent tick is no recommendation");
    }

    @Test
    void aHealthyPoolIsNotHeldUpByAlarmsBelowTarget() {
        Decision d = tick(0, PoolSample.uniform(4, 10, 1.5, 0.7));
        assertEquals(4, d.desiredReplicas());
        assertEquals("utilization 0.70 within 10% of 0.70 target; holding 4", reason(d));
    }

    @Test
    void slowdownAboveItsMaximumScalesOutOnceItHeld() {
        for (int t = 0; t < 20; t += 5) {
            Decision waiting = tick(t, PoolSample.uniform(4, 10, 3.0, 0.7));
            assertEquals(4, waiting.desiredReplicas(), "t=" + t + ": the alarm has not held for 20 s yet");
            assertEquals(T0, waiting.history().slowdownSince());
        }
        Decision d = tick(20, PoolSample.uniform(4, 10, 3.0, 0.7));
        assertEquals(6, d.desiredReplicas());
        assertEquals("worker slowdown 3.0x > 2.0x max: 4 -> 6", reason(d));
        assertEquals(T0, tick(25, PoolSample.uniform(6, 10, 2.5, 0.7)).history().slowdownSince());
        assertEquals(null, tick(30, PoolSample.uniform(6, 10, 1.5, 0.7)).history().slowdownSince());
    }

    @Test
    void boundsComeFirst() {
        AutoscalerConfig narrow = AutoscalerConfig.defaults(2, 5);
        Decision above = AutoscalerPolicy.decide(narrow, PoolSample.uniform(8, 5, 1.0, 0.7), History.EMPTY, T0);
        assertEquals(5, above.desiredReplicas());
        assertEquals(Limit.TOO_MANY, above.limit().reason());
        assertEquals("above maxReplicas 5: 8 -> 5", Explanation.of(narrow, above).reason());
        assertEquals("the current count (8) is above maxReplicas 5", Explanation.of(narrow, above).limitMessage());
        Decision capped = AutoscalerPolicy.decide(narrow, PoolSample.uniform(4, 200, 1.0, 0.7), LAG_HELD, T0);
        assertEquals(5, capped.desiredReplicas());
        assertEquals(Limit.TOO_MANY, capped.limit().reason());
        Decision floor = AutoscalerPolicy.decide(narrow, PoolSample.uniform(3, 0, 1.0, 0.01),
                History.EMPTY.record(new History.Recommendation(T0.minusSeconds(400), 3), 400), T0);
        assertEquals(2, floor.desiredReplicas());
        assertEquals(Limit.TOO_FEW, floor.limit().reason());
    }

    @Test
    void theHistoryStaysSmall() {
        for (int t = 0; t < 3600; t += 5) {
            tick(t, PoolSample.uniform(4, 5, 1.0, 0.7 + 0.02 * Math.sin(t)));
        }
        assertTrue(history.recommendations().size() <= 3, history.recommendations().toString());
    }
}
