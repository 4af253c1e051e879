package dev.isopool.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HPA replica calculation for one signal, as a table. Utilization cases ported from Kubernetes'
 * `replica_calculator_test.go` (CPU levels of 1-CPU pods become utilization fractions; `-` is a pod without
 * metrics; a `!` prefix marks a pod that is not ready).
 */
class ReplicaCalculatorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // name | current | utilization per pod | target | expected
            "scale up | 3 | 0.3 0.5 0.7 | 0.3 | 5",
            "scale up, a not-ready pod counts as idle | 3 | !0.3 0.5 0.7 | 0.3 | 4",
            "scale up, not-ready pods reverse the direction: no change | 3 | 0.4 !0.5 !0.7 | 0.3 | 3",
            "scale down | 5 | 0.1 0.3 0.5 0.25 0.25 | 0.5 | 3",
            "scale down ignores not-ready pods | 5 | 0.1 0.3 0.5 !0.25 !0.25 | 0.5 | 2",
            "within tolerance | 3 | 1.01 1.03 1.02 | 1.0 | 3",
            "missing pod at exactly target: no change | 2 | 1.0 - | 1.0 | 2",
            "missing pod counts as idle on scale-up, within tolerance: no change | 2 | 1.9 - | 1.0 | 2",
            "missing pod counts as on target on scale-down: no change | 2 | 0.6 - | 1.0 | 2",
            "missing pod dampens a scale-up | 4 | 0.9 0.9 0.9 - | 0.6 | 5",
            "missing pod dampens a scale-down | 4 | 0.1 0.1 0.1 - | 0.5 | 2",
            "missing pod reverses a small scale-up: no change | 4 | 0.7 0.7 0.7 - | 0.6 | 4",
            "ceil without floating point noise | 5 | 0.84 0.84 0.84 0.84 0.84 | 0.7 | 6",
    })
    void utilization(String name, int current, String pods, double target, int expected) {
        PoolSample sample = sample(current, pods, v -> PodSample.of(0, 1, v));
        Optional<Proposal> p =
                ReplicaCalculator.propose(SignalKind.UTILIZATION, target, sample, 0.1);
        assertEquals(expected, p.orElseThrow().replicas());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // name | current | lag per pod | expected | quiet
            "below target: an alarm asks for nothing | 4 | 10 20 25 29 | 4 | true",
            "within tolerance above target | 2 | 32 32 | 2 | false",
            "mean over pods, not the hottest | 3 | 96 0 0 | 3 | false",
            "74 ms over 30 ms on 3 pods | 3 | 74 74 74 | 8 | false",
            "a missing pod counts as 0 ms | 3 | 60 60 - | 4 | false",
    })
    void lagIsAnAlarm(String name, int current, String pods, int expected, boolean quiet) {
        PoolSample sample = sample(current, pods, v -> PodSample.of(v, 1, 0.5));
        Proposal p =
                ReplicaCalculator.propose(SignalKind.EVENT_LOOP_LAG, 30, sample, 0.1).orElseThrow();
        assertEquals(expected, p.replicas());
        assertEquals(quiet, p.quiet());
    }

    @Test
    void noAnswerMeansNoProposal() {
        assertTrue(ReplicaCalculator.propose(SignalKind.UTILIZATION, 0.7, PoolSample.silent(3), 0.1).isEmpty());
    }

    private static PoolSample sample(int current, String pods, java.util.function.DoubleFunction<PodSample> pod) {
        List<PodSample> list = new ArrayList<>();
        for (String token : pods.trim().split("\\s+")) {
            if (token.equals("-")) {
                list.add(PodSample.missing());
            } else if (token.startsWith("!")) {
                list.add(PodSample.notReady());
            } else {
                list.add(pod.apply(Double.parseDouble(token)));
            }
        }
        return new PoolSample(current, list);
    }
}
