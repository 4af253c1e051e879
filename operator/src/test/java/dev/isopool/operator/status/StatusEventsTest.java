package dev.isopool.operator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.isopool.operator.api.SandboxPoolStatus;
import dev.isopool.operator.planning.SpecProblem;
import dev.isopool.operator.status.StatusEvents.PoolEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusEventsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final StatusAggregator aggregator = new StatusAggregator();
    private final SpecProblem badFlag = SpecProblem.invalid("spec.v8.flags[0]", "--expose-gc is not allowed");

    @Test
    void breakageWarnsOnceAndRepairIsAnnounced() {
        SandboxPoolStatus ready = status(null, List.of(), StatusAggregatorTest.dep(2, 2, 2, true));
        SandboxPoolStatus broken = status(ready, List.of(badFlag), StatusAggregatorTest.dep(2, 2, 2, true));
        SandboxPoolStatus stillBroken = status(broken, List.of(badFlag), StatusAggregatorTest.dep(2, 2, 2, true));
        SandboxPoolStatus repaired = status(stillBroken, List.of(), StatusAggregatorTest.dep(2, 2, 2, true));

        assertEquals(List.of(new PoolEvent("Warning", "InvalidSpec", "spec.v8.flags[0]: --expose-gc is not allowed")),
                StatusEvents.between(ready, broken));
        assertEquals(List.of(), StatusEvents.between(broken, stillBroken));
        assertEquals(List.of("Recovered", "Ready"),
                StatusEvents.between(stillBroken, repaired).stream().map(PoolEvent::reason).toList());
    }

    @Test
    void aRolloutAndReadinessAreNormalEvents() {
        SandboxPoolStatus ready = status(null, List.of(), StatusAggregatorTest.dep(2, 2, 2, true));
        SandboxPoolStatus rolling = status(ready, List.of(), StatusAggregatorTest.dep(3, 2, 1, true));
        assertEquals(List.of(new PoolEvent("Normal", "RollingOut", "Rolling out a new runtime configuration")),
                StatusEvents.between(ready, rolling));
        assertEquals(List.of("Ready"), StatusEvents.between(rolling, ready).stream().map(PoolEvent::reason).toList());
    }

    private SandboxPoolStatus status(SandboxPoolStatus previous, List<SpecProblem> errors, DeploymentView dep) {
        return aggregator.aggregate(previous, StatusAggregatorTest.obs(errors, List.of(), dep, 2), NOW);
    }
}
