package dev.isopool.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isopool.autoscaler.PodReading;
import dev.isopool.autoscaler.PredictableProfile;
import dev.isopool.autoscaler.SlowdownPolicy;
import dev.isopool.operator.TestingPools;
import dev.isopool.operator.api.AutoscalerStatus;
import dev.isopool.operator.api.SandboxPool;
import dev.isopool.operator.api.SandboxPoolStatus;
import dev.isopool.operator.api.V8Profile;
import dev.isopool.operator.api.V8Spec;
import dev.isopool.operator.planning.PoolPlanner;
import dev.isopool.operator.planning.ResolvedSpec;
import dev.isopool.operator.scrape.ScrapeResult;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Realizing decisions as status, and restart safety: the status (as the API server would store and return it) is
 * all a new operator process starts from, so it must neither forget the scale-down window nor scale down early.
 */
class AutoscalerRealizerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final ResolvedSpec spec = ResolvedSpec.of(
            TestingPools.pool("p", s -> s.setAutoscaling(TestingPools.autoscaling(2, 20))).getSpec());

    /** A pool whose lag has been above its target for 20 s, as an earlier operator recorded it: lag counts. */
    private static SandboxPoolStatus lagHeld() {
        SandboxPoolStatus status = new SandboxPoolStatus();
        AutoscalerStatus autoscaler = new AutoscalerStatus();
        autoscaler.setLagAboveSince(T0.minusSeconds(20).toString());
        status.setAutoscaler(autoscaler);
        return status;
    }

    @Test
    void aRestartMidWindowDoesNotScaleDownEarly() {
        SandboxPoolStatus status = lagHeld();
        status = step(new AutoscalerRealizer(), status, 0, 2, 74, 1.0, 0.9).status();
        assertEquals(5, status.getDesiredReplicas());
        for (int t = 5; t <= 100; t += 5) {
            status = step(new AutoscalerRealizer(), status, t, 5, 3, 1.0, 0.1).status();
            assertEquals(5, status.getDesiredReplicas(), "t=" + t);
        }
        // The operator dies; a new process reads the pool back from the API server.
        status = SERIALIZATION.unmarshal(SERIALIZATION.asJson(status), SandboxPoolStatus.class);
        AutoscalerRealizer restarted = new AutoscalerRealizer();
        for (int t = 105; t < 300; t += 5) {
            status = step(restarted, status, t, 5, 3, 1.0, 0.1).status();
            assertEquals(5, status.getDesiredReplicas(), "after the restart, t=" + t);
        }
        AutoscalerRealizer.Step down = step(restarted, status, 300, 5, 3, 1.0, 0.1);
        assertEquals(2, down.status().getDesiredReplicas());
        assertEquals("utilization 0.10 < 0.70 target (no higher recommendation for 300 s; raised to minReplicas 2): 5 -> 2",
                down.status().getLastScaleReason());
        assertEquals("ScaledDown", down.events().get(0).reason());
    }

    @Test
    void aScaleIsRecordedWithItsReasonAndAnEvent() {
        AutoscalerRealizer.Step s = step(new AutoscalerRealizer(), lagHeld(), 0, 3, 74, 1.0, 0.7);
        assertEquals("lag p99 74 ms > 30 ms target (panic, ratio 2.5 >= 2.0): 2 -> 8",
                s.status().getLastScaleReason());
        assertEquals("2026-01-01T00:00:00Z", s.status().getLastScaleTime());
        assertEquals(74.0, s.status().getSignals().getEventLoopLagP99Ms());
        assertEquals("Normal", s.events().get(0).type());
        assertEquals("ScaledUp", s.events().get(0).reason());
        assertEquals(s.status().getLastScaleReason(), s.events().get(0).message());
    }

    @Test
    void persistentSlowdownWithTierUpOnIsReportedNamingTheFlags() {
        SandboxPoolStatus status = null;
        for (int t = 0; t <= 60; t += 5) {
            status = step(new AutoscalerRealizer(), status, t, 4, 5, 4.0, 0.7, true, spec).status();
        }
        String message = status.getAutoscaler().getLiftoffSuspected();
        assertTrue(message != null && message.contains(PredictableProfile.nodeOptions()), String.valueOf(message));
        assertNull(status.getAutoTune());
    }

    @Test
    void autoTuneSwitchesToPredictableOnceAndRollsThePods() {
        SandboxPool pool = TestingPools.pool("tuned", s -> {
            s.setAutoscaling(TestingPools.autoscaling(2, 20));
            V8Spec v8 = new V8Spec();
            v8.setProfile(V8Profile.DEFAULT);
            v8.setAutoTune(true);
            s.setV8(v8);
        });
        ResolvedSpec tuned = ResolvedSpec.of(pool.getSpec());
        String before = TestingPools.PLANNER.plan(pool, null).plan().nodeOptions();
        SandboxPoolStatus status = null;
        List<String> events = new ArrayList<>();
        for (int t = 0; t <= 90; t += 5) {
            boolean tierUpOn = SlowdownPolicy.tierUpOn(PoolPlanner.nodeOptions(tuned, status));
            AutoscalerRealizer.Step s = step(new AutoscalerRealizer(), status, t, 4, 5, 4.0, 0.7, tierUpOn, tuned);
            s.events().forEach(e -> events.add(e.reason()));
            status = s.status();
        }
        assertEquals(V8Profile.PREDICTABLE, status.getAutoTune().getProfile());
        assertEquals(1, events.stream().filter("AutoTuned"::equals).count(), "once");
        String after = TestingPools.PLANNER.plan(pool, status).plan().nodeOptions();
        assertTrue(!before.contains("--no-liftoff") && after.startsWith("--no-liftoff --no-wasm-lazy-compilation "),
                after);
        assertTrue(SlowdownPolicy.tierUpOn(before) && !SlowdownPolicy.tierUpOn(after), after);
        assertTrue(!TestingPools.PLANNER.plan(pool, null).plan().configHash()
                .equals(TestingPools.PLANNER.plan(pool, status).plan().configHash()), "the pods roll");
    }

    private AutoscalerRealizer.Step step(AutoscalerRealizer r, SandboxPoolStatus status, long t, int pods,
            double lag, double slowdown, double util) {
        return step(r, status, t, pods, lag, slowdown, util, false, spec);
    }

    private static AutoscalerRealizer.Step step(AutoscalerRealizer r, SandboxPoolStatus status, long t, int pods,
            double lag, double slowdown, double util, boolean tierUpOn, ResolvedSpec spec) {
        List<ScrapeResult.PodResult> results = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            results.add(ScrapeResult.PodResult.answered("pod-" + i, new PodReading(lag, slowdown, util)));
        }
        return r.apply(spec, status, new ScrapeResult(T0.plusSeconds(t), results), tierUpOn).orElseThrow();
    }
}
