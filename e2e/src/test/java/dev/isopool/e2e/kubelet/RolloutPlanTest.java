package dev.isopool.e2e.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutPlanTest {

    private static final IntOrString SURGE = new IntOrString("25%");
    private static final IntOrString NONE = new IntOrString(0);

    private static RolloutPlan.Pod pod(String name, String hash, boolean ready, int createdSecond) {
        return new RolloutPlan.Pod(name, hash, ready, Instant.ofEpochSecond(createdSecond));
    }

    @Test
    void scalesUpToTheReplicas() {
        RolloutPlan.Step step = RolloutPlan.next(3, "new", false, SURGE, NONE, List.of(pod("a", "new", true, 1)), 0);
        assertEquals(new RolloutPlan.Step(2, List.of()), step);
    }

    @Test
    void scalesDownNotReadyThenNewestFirst() {
        RolloutPlan.Step step = RolloutPlan.next(1, "new", false, SURGE, NONE, List.of(
                pod("old-ready", "new", true, 1), pod("young-ready", "new", true, 5),
                pod("not-ready", "new", false, 2)), 0);
        assertEquals(List.of("not-ready", "young-ready"), step.delete());
    }

    @Test
    void aRollingUpdateSurgesFirstAndKeepsEveryReadyPodUntilANewOneIsReady() {
        List<RolloutPlan.Pod> old = List.of(pod("o1", "old", true, 1), pod("o2", "old", true, 2));
        RolloutPlan.Step first = RolloutPlan.next(2, "new", false, SURGE, NONE, old, 0);
        assertEquals(new RolloutPlan.Step(1, List.of()), first, "one surge pod, nothing removed yet");

        RolloutPlan.Step waiting = RolloutPlan.next(2, "new", false, SURGE, NONE,
                List.of(old.get(0), old.get(1), pod("n1", "new", false, 3)), 0);
        assertEquals(new RolloutPlan.Step(0, List.of()), waiting, "the new pod is not ready: hold");

        RolloutPlan.Step swap = RolloutPlan.next(2, "new", false, SURGE, NONE,
                List.of(old.get(0), old.get(1), pod("n1", "new", true, 3)), 0);
        assertEquals(new RolloutPlan.Step(0, List.of("o2")), swap, "one old pod goes once the new one is ready");

        RolloutPlan.Step next = RolloutPlan.next(2, "new", false, SURGE, NONE,
                List.of(old.get(0), pod("n1", "new", true, 3)), 0);
        assertEquals(new RolloutPlan.Step(1, List.of()), next);
    }

    @Test
    void oldPodsThatAreNotReadyGoAtOnce() {
        RolloutPlan.Step step = RolloutPlan.next(2, "new", false, SURGE, NONE, List.of(
                pod("o1", "old", false, 1), pod("o2", "old", true, 2)), 0);
        assertEquals(new RolloutPlan.Step(1, List.of("o1")), step);
    }

    @Test
    void recreateStopsEveryOldPodBeforeStartingNewOnes() {
        assertEquals(new RolloutPlan.Step(0, List.of("o1")),
                RolloutPlan.next(1, "new", true, null, null, List.of(pod("o1", "old", true, 1)), 0));
        assertEquals(new RolloutPlan.Step(0, List.of()),
                RolloutPlan.next(1, "new", true, null, null, List.of(), 1), "an old pod is still terminating");
        assertEquals(new RolloutPlan.Step(1, List.of()),
                RolloutPlan.next(1, "new", true, null, null, List.of(), 0));
    }

    @Test
    void percentagesRoundAsTheDeploymentControllerDoes() {
        assertEquals(1, RolloutPlan.resolve(new IntOrString("25%"), 2, true, "25%"));
        assertEquals(0, RolloutPlan.resolve(new IntOrString("25%"), 2, false, "25%"));
        assertEquals(3, RolloutPlan.resolve(new IntOrString(3), 10, false, "25%"));
    }
}
