package dev.isopool.operator.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isopool.operator.api.AutoscalingSpec;
import dev.isopool.operator.api.SandboxPoolSpec;
import dev.isopool.operator.api.SandboxPoolStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DesiredReplicasTest {

    @ParameterizedTest(name = "replicas={0} autoscaling={1} [{2},{3}] decision={4} -> {5}")
    @CsvSource(nullValues = "-", value = {
            // replicas, enabled, min, max, decided desiredReplicas, expected
            "3, false, 1, 20, -, 3",
            "0, false, 1, 20, -, 0",
            "3, false, 1, 20, 9, 3",
            "3, true, 2, 20, -, 2",
            "3, true, 2, 20, 9, 9",
            "3, true, 2, 5, 9, 5",
            "3, true, 4, 20, 1, 4",
    })
    void choosesTheReplicaCount(int replicas, boolean enabled, int min, int max, Integer decision, int expected) {
        SandboxPoolSpec spec = new SandboxPoolSpec();
        spec.setReplicas(replicas);
        AutoscalingSpec as = new AutoscalingSpec();
        as.setEnabled(enabled);
        as.setMinReplicas(min);
        as.setMaxReplicas(max);
        spec.setAutoscaling(as);
        SandboxPoolStatus status = new SandboxPoolStatus();
        if (decision != null) {
            status.setDesiredReplicas(decision);
            status.setLastScaleTime("2026-01-01T00:00:00Z");
        }
        assertEquals(expected, DesiredReplicas.of(ResolvedSpec.of(spec), status));
    }
}
