package dev.isopool.autoscaler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lag and slowdown count only once they have stayed above their target for 20 s (two of a pod's 10 s windows):
 * a burst that two overlapping windows both see scales nothing; lag that lasts does. Each row is a run of ticks 5 s
 * apart on 4 pods at utilization 0.7 (on target), with the lag of each tick, and the desired count of each.
 */
class AlarmHoldTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AutoscalerConfig CONFIG = AutoscalerConfig.defaults(1, 50);

    @ParameterizedTest(name = "lag {0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "5 5 5 5 5;        4 4 4 4 4",
        "50 50 5 5 5;      4 4 4 4 4",          // one burst, seen by two scrapes
        "50 50 50 5 5;     4 4 4 4 4",          // 10 s above: still noise
        "50 50 50 50 50;   4 4 4 4 7",          // 20 s above: counts, ceil(4 x 50/30) = 7
        "50 50 5 50 50 50; 4 4 4 4 4 4",        // a tick on target starts the hold again
        "50 50 50 50 120;  4 4 4 4 16",         // held, then a ratio of 4: panic
        "50 - 50 50 50;    4 4 4 4 7"           // a tick without signals neither counts nor resets
    })
    void lagCountsOnceItHeld(String lags, String expected) {
        History history = History.EMPTY;
        List<Integer> desired = new ArrayList<>();
        int current = 4;
        String[] values = lags.trim().split("\\s+");
        for (int i = 0; i < values.length; i++) {
            PoolSample sample = values[i].equals("-") ? PoolSample.silent(current)
                    : PoolSample.uniform(current, Double.parseDouble(values[i]), 1.0, 0.7);
            Decision d = AutoscalerPolicy.decide(CONFIG, sample, history, T0.plusSeconds(5L * i));
            history = d.history();
            desired.add(d.desiredReplicas());
        }
        assertEquals(expected.trim(), String.join(" ", desired.stream().map(String::valueOf).toList()));
    }
}
