package dev.isopool.operator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isopool.operator.api.AutoscalerStatus;
import dev.isopool.operator.api.PoolSignals;
import dev.isopool.operator.api.SandboxPoolStatus;
import dev.isopool.operator.planning.SpecProblem;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusAggregatorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");
    private static final SpecProblem BAD_FLAG =
            SpecProblem.invalid("spec.v8.flags[0]",
                    "--expose-gc is not allowed: it widens what untrusted code can reach");
    private static final SpecProblem LOW_MEMORY =
            new SpecProblem("spec.resources.memory", SpecProblem.MEMORY_BELOW_PLAN, "500Mi is below the plan");

    private final StatusAggregator aggregator = new StatusAggregator();

    static Stream<Arguments> table() {
        return Stream.of(
                // title, observation, Ready, Progressing, Degraded (status/reason each)
                row("just created", obs(List.of(), List.of(), null, 2),
                        "False/DeploymentPending", "True/Creating", "False/AsExpected"),
                row("pods starting", obs(List.of(), List.of(), dep(2, 0, 2, true), 2),
                        "False/ReplicasNotReady", "True/WaitingForReadyPods", "False/AsExpected"),
                row("all ready", obs(List.of(), List.of(), dep(2, 2, 2, true), 2),
                        "True/AllReplicasReady", "False/Complete", "False/AsExpected"),
                row("rolling out a flag change", obs(List.of(), List.of(), dep(3, 2, 1, true), 2),
                        "False/ReplicasNotReady", "True/RollingOut", "False/AsExpected"),
                row("deployment not yet observed", obs(List.of(), List.of(), dep(2, 2, 2, false), 2),
                        "False/ReplicasNotReady", "True/RollingOut", "False/AsExpected"),
                row("scaled to zero", obs(List.of(), List.of(), dep(0, 0, 0, true), 0),
                        "True/ScaledToZero", "False/Complete", "False/AsExpected"),
                row("invalid spec", obs(List.of(BAD_FLAG), List.of(), null, 2),
                        "False/InvalidSpec", "False/InvalidSpec", "True/InvalidSpec"),
                row("invalid spec, old pods running", obs(List.of(BAD_FLAG), List.of(), dep(2, 2, 2, true), 2),
                        "False/InvalidSpec", "False/InvalidSpec", "True/InvalidSpec"),
                row("memory below plan, ready", obs(List.of(), List.of(LOW_MEMORY), dep(2, 2, 2, true), 2),
                        "True/AllReplicasReady", "False/Complete", "True/MemoryBelowPlan"),
                row("rollout stuck", obs(List.of(), List.of(), stuck(), 2),
                        "False/ReplicasNotReady", "False/ProgressDeadlineExceeded",
                        "True/ProgressDeadlineExceeded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decidesTheConditions(String title, PoolObservation obs, String ready, String progressing,
            String degraded) {
        SandboxPoolStatus status = aggregator.aggregate(null, obs, T0);
        assertEquals(ready, brief(status, ConditionTypes.READY));
        assertEquals(progressing, brief(status, ConditionTypes.PROGRESSING));
        assertEquals(degraded, brief(status, ConditionTypes.DEGRADED));
        for (Condition c : status.getConditions()) {
            assertEquals(7L, c.getObservedGeneration());
            assertTrue(c.getMessage() != null && !c.getMessage().isBlank(), c.getType());
        }
    }

    @Test
    void theInvalidSpecMessageNamesTheField() {
        SandboxPoolStatus status = aggregator.aggregate(null, obs(List.of(BAD_FLAG), List.of(), null, 2), T0);
        assertTrue(status.condition(ConditionTypes.DEGRADED).orElseThrow().getMessage()
                .startsWith("spec.v8.flags[0]: --expose-gc"));
    }

    @Test
    void lastTransitionTimeMovesOnlyOnAFlip() {
        SandboxPoolStatus first = aggregator.aggregate(null, obs(List.of(), List.of(), dep(2, 1, 2, true), 2), T0);
        SandboxPoolStatus second = aggregator.aggregate(first, obs(List.of(), List.of(), dep(2, 2, 2, true), 2), T1);
        assertEquals(T1.toString(), time(second, ConditionTypes.READY), "Ready flipped");
        assertEquals(T1.toString(), time(second, ConditionTypes.PROGRESSING), "Progressing flipped");
        assertEquals(T0.toString(), time(second, ConditionTypes.DEGRADED), "Degraded stayed False");
        assertEquals(T0.toString(), time(second, ConditionTypes.SCALING_ACTIVE));
        SandboxPoolStatus third = aggregator.aggregate(second, obs(List.of(), List.of(), dep(2, 2, 2, true), 2),
                T1.plusSeconds(60));
        assertEquals(second, third, "nothing changed, so the status is equal and is not patched");
    }

    @Test
    void scalingConditionsTellWhatExistsToday() {
        SandboxPoolStatus off = aggregator.aggregate(null, obs(List.of(), List.of(), null, 2), T0);
        assertEquals("False/AutoscalingDisabled", brief(off, ConditionTypes.SCALING_ACTIVE));
        assertEquals("False/AutoscalingDisabled", brief(off, ConditionTypes.SCALING_LIMITED));

        PoolObservation on = new PoolObservation(7, List.of(), List.of(), Optional.empty(), true, 1, 1, "s",
                Optional.empty());
        SandboxPoolStatus waiting = aggregator.aggregate(null, on, T0);
        assertEquals("Unknown/NoSignalsYet", brief(waiting, ConditionTypes.SCALING_ACTIVE));
        assertEquals("Unknown/NoDecisionYet", brief(waiting, ConditionTypes.SCALING_LIMITED));

        SandboxPoolStatus decided = new SandboxPoolStatus();
        PoolSignals signals = new PoolSignals();
        signals.setSampledPods(3);
        signals.setObservedAt(T0.toString());
        decided.setSignals(signals);
        decided.setDesiredReplicas(9);
        decided.setLastScaleTime(T0.toString());
        decided.setLastScaleReason("lag 90ms > 30ms");
        assertEquals("Unknown/NoDecisionYet", brief(aggregator.aggregate(decided, on, T1),
                ConditionTypes.SCALING_LIMITED), "the limit is read from the decision, not guessed from the count");
        AutoscalerStatus limited = new AutoscalerStatus();
        limited.setLimitReason("TooManyReplicas");
        limited.setLimitMessage("the desired count (9) is above maxReplicas (5)");
        decided.setAutoscaler(limited);
        SandboxPoolStatus next = aggregator.aggregate(decided, on, T1);
        assertEquals("True/SignalsAvailable", brief(next, ConditionTypes.SCALING_ACTIVE));
        assertEquals("True/TooManyReplicas", brief(next, ConditionTypes.SCALING_LIMITED));
        assertEquals("the desired count (9) is above maxReplicas (5)", next.getConditions().stream()
                .filter(c -> c.getType().equals(ConditionTypes.SCALING_LIMITED)).findFirst().orElseThrow()
                .getMessage());
        assertEquals("lag 90ms > 30ms", next.getLastScaleReason());
        assertEquals(signals, next.getSignals());
    }

    @Test
    void countsComeFromTheDeployment() {
        SandboxPoolStatus status = aggregator.aggregate(null, obs(List.of(), List.of(), dep(3, 1, 2, true), 2), T0);
        assertEquals(3, status.getReplicas());
        assertEquals(1, status.getReadyReplicas());
        assertEquals(2, status.getDesiredReplicas());
        assertEquals(7L, status.getObservedGeneration());
        assertEquals("sel", status.getSelector());
    }

    @Test
    void theFlagsThePodsAreGivenAreShownAndKeptWhileTheSpecIsInvalid() {
        String flags = "--no-liftoff --no-wasm-lazy-compilation --max-old-space-size=64";
        PoolObservation valid = new PoolObservation(7, List.of(), List.of(), Optional.of(dep(2, 2, 2, true)), false,
                1, 2, "sel", Optional.of(flags));
        SandboxPoolStatus shown = aggregator.aggregate(null, valid, T0);
        assertEquals(flags, shown.getV8Flags());
        SandboxPoolStatus kept = aggregator.aggregate(shown, obs(List.of(BAD_FLAG), List.of(), dep(2, 2, 2, true), 2),
                T1);
        assertEquals(flags, kept.getV8Flags(), "the pods still run with the last valid spec's flags");
        assertEquals(flags, kept.copy().getV8Flags());
        SandboxPoolStatus other = kept.copy();
        other.setV8Flags("--max-old-space-size=64");
        assertTrue(!other.equals(kept), "a change of flags is a change of status");
    }

    private static Arguments row(String title, PoolObservation obs, String ready, String progressing,
            String degraded) {
        return Arguments.of(title, obs, ready, progressing, degraded);
    }

    static PoolObservation obs(List<SpecProblem> errors, List<SpecProblem> warnings, DeploymentView dep,
            int desired) {
        return new PoolObservation(7, errors, warnings, Optional.ofNullable(dep), false, 1, desired, "sel",
                Optional.empty());
    }

    static DeploymentView dep(int replicas, int ready, int updated, boolean observed) {
        return new DeploymentView(replicas, ready, updated, observed, Optional.empty());
    }

    static DeploymentView stuck() {
        return new DeploymentView(3, 2, 1, true, Optional.of(new DeploymentView.Failure(
                "ProgressDeadlineExceeded", "ReplicaSet \"p-1\" has timed out progressing.")));
    }

    private static String brief(SandboxPoolStatus status, String type) {
        Condition c = status.condition(type).orElseThrow();
        return c.getStatus() + "/" + c.getReason();
    }

    private static String time(SandboxPoolStatus status, String type) {
        return status.condition(type).orElseThrow().getLastTransitionTime();
    }
}
