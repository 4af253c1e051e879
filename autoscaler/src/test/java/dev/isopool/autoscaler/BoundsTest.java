package dev.isopool.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The min/max rule: the count, the ScalingLimited reason and what was wanted. */
class BoundsTest {

    @ParameterizedTest(name = "{0} in [{1}, {2}] -> {3} ({4})")
    @CsvSource({
        "5, 1, 10, 5, DesiredWithinRange",
        "1, 1, 10, 1, DesiredWithinRange",
        "10, 1, 10, 10, DesiredWithinRange",
        "11, 1, 10, 10, TooManyReplicas",
        "11125, 1, 50, 50, TooManyReplicas",
        "0, 1, 10, 1, TooFewReplicas",
        "0, 0, 0, 0, DesiredWithinRange",
        "3, 4, 4, 4, TooFewReplicas"
    })
    void clamps(int raw, int min, int max, int expected, String reason) {
        LimitedCount out = Bounds.clamp(raw, min, max);
        assertEquals(expected, out.replicas());
        assertEquals(reason, out.limit().reason());
        assertEquals(raw, out.limit().wanted());
    }
}
