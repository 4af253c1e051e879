package dev.isopool.runtime.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthClassifierTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case                          | compiles | meanMs | minMs | maxMs | slowdown | failures | expected
            "idle pod                        | 0 | 0    | 0   | 0    | 0   | 0 | OK",
            "fast steady compiles            | 8 | 40   | 30  | 60   | 1.1 | 0 | OK",
            "mean above one second           | 3 | 1200 | 900 | 1500 | 1.0 | 0 | COMPILATION_SLOW",
            "mean exactly one second is fine | 3 | 1000 | 900 | 1100 | 1.0 | 0 | OK",
            "variance above 10x over 5       | 5 | 200  | 20  | 201  | 1.0 | 0 | UNSTABLE_COMPILATION",
            "variance exactly 10x is fine    | 5 | 100  | 20  | 200  | 1.0 | 0 | OK",
            "variance over only 4 compiles   | 4 | 200  | 20  | 500  | 1.0 | 0 | OK",
            "slowdown above 2                | 0 | 0    | 0   | 0    | 2.5 | 0 | WORKER_DEGRADED",
            "slowdown exactly 2 is fine      | 0 | 0    | 0   | 0    | 2.0 | 0 | OK",
            "six failures                    | 0 | 0    | 0   | 0    | 1.0 | 6 | TOO_MANY_FAILURES",
            "five failures is fine           | 0 | 0    | 0   | 0    | 1.0 | 5 | OK",
            "slow compiles win over slowdown | 2 | 3000 | 2900| 3100 | 4.0 | 9 | COMPILATION_SLOW",
            "slowdown wins over failures     | 0 | 0    | 0   | 0    | 3.0 | 9 | WORKER_DEGRADED",
    })
    void classifiesWithTheSeedThresholds(String name, int count, double mean, double min, double max,
            double slowdown, long failures, Health expected) {
        CompileStats stats = new CompileStats(count, mean, min, max, max);
        assertEquals(expected, HealthClassifier.classify(stats, slowdown, failures));
    }
}
