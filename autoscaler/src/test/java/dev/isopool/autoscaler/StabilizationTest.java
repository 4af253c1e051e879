package dev.isopool.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HPA stabilization windows, as a table in the manner of Kubernetes' `TestNormalizeDesiredReplicasWithBehavior`:
 * past recommendations as `replicas@secondsAgo`, the current recommendation, the windows, the stabilized count.
 */
class StabilizationTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // name | past | current | recommendation | up window | down window | expected
            "no history: scale down at once without a window | - | 100 | 5 | 0 | 0 | 5",
            "no history: the current recommendation alone | - | 100 | 5 | 0 | 300 | 5",
            "a higher recommendation in the window holds it | 8@100 7@200 | 10 | 5 | 0 | 300 | 8",
            "only recommendations inside the window count | 8@400 7@200 | 10 | 5 | 0 | 300 | 7",
            "nothing higher than current: scale-down happens | 4@100 3@250 | 10 | 3 | 0 | 300 | 4",
            "a recommendation above current keeps current | 12@100 | 10 | 3 | 0 | 300 | 10",
            "scale-up uses the lowest recommendation of its window | 3@100 | 1 | 6 | 300 | 300 | 3",
            "scale-up without a window goes up at once | 3@100 | 1 | 6 | 0 | 300 | 6",
            "up window: old low recommendations expire | 3@400 | 1 | 6 | 300 | 300 | 6",
    })
    void stabilizes(String name, String past, int current, int recommendation, int upWindow, int downWindow,
            int expected) {
        History h = History.EMPTY;
        Behavior behavior = new Behavior(
                new ScalingRules(upWindow, ScalingRules.hpaScaleUp().policies(), ScalingRules.Select.MAX),
                new ScalingRules(downWindow, ScalingRules.hpaScaleDown(0).policies(), ScalingRules.Select.MAX));
        List<History.Recommendation> recs = new ArrayList<>();
        if (!past.equals("-")) {
            for (String entry : past.trim().split("\\s+")) {
                String[] parts = entry.split("@");
                recs.add(new History.Recommendation(NOW.minusSeconds(Long.parseLong(parts[1])),
                        Integer.parseInt(parts[0])));
            }
        }
        for (History.Recommendation r : recs) {
            h = h.record(r, 3600);
        }
        h = h.record(new History.Recommendation(NOW, recommendation), 3600);
        assertEquals(expected, Stabilization.stabilize(current, h.recommendations(), behavior, NOW).replicas());
    }
}
