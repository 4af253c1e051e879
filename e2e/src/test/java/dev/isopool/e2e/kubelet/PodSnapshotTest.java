package dev.isopool.e2e.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodSnapshotTest {

    private static final Instant CREATED = Instant.parse("2026-12-04T10:00:00.250Z");
    private static final Instant RUNNING = Instant.parse("2026-12-04T10:00:01Z");
    private static final Instant READY = Instant.parse("2026-12-04T10:00:09Z");
    private static final ContainerState WAITING = new ContainerStateBuilder().withNewWaiting()
            .withReason("CrashLoopBackOff").endWaiting().build();

    @ParameterizedTest(name = "{0} ready={1} ran={2} restarts={3}: phase {4}, Ready {5}")
    @CsvSource({
        "PENDING,     false, false, 0, Pending,   False",
        "RUNNING,     false, true,  0, Running,   False",
        "RUNNING,     true,  true,  0, Running,   True",
        "PENDING,     false, true,  1, Running,   False",
        "TERMINATING, true,  true,  0, Running,   False",
        "GONE,        false, true,  0, Succeeded, False",
    })
    void phaseAndReadiness(PodWorker.Phase phase, boolean ready, boolean ran, int restarts, String podPhase,
            String readyCondition) {
        PodStatus status = snapshot(phase, ready, ran ? RUNNING : null, restarts, null).toStatus();
        assertEquals(podPhase, status.getPhase());
        assertEquals(readyCondition, condition(status, "Ready"));
        assertEquals(readyCondition, condition(status, "ContainersReady"));
        assertEquals("True", condition(status, "PodScheduled"));
        assertEquals(Boolean.parseBoolean(readyCondition.toLowerCase()), status.getContainerStatuses().get(0)
                .getReady());
    }

    @Test
    void aRestartingContainerShowsItsBackOffAndRestartCount() {
        ContainerState last = new ContainerStateBuilder().withNewTerminated().withExitCode(137).endTerminated()
                .build();
        PodStatus status = new PodSnapshot(PodWorker.Phase.PENDING, false, false, 3, WAITING, last, CREATED, null,
                RUNNING, "127.0.1.7", "runtime", "img", "process://img", null).toStatus();
        ContainerStatus cs = status.getContainerStatuses().get(0);
        assertEquals(3, cs.getRestartCount());
        assertEquals("CrashLoopBackOff", cs.getState().getWaiting().getReason());
        assertEquals(137, cs.getLastState().getTerminated().getExitCode());
        assertNull(cs.getContainerID(), "no process runs");
    }

    @Test
    void addressesAndTimesAreTheApisShape() {
        PodStatus status = snapshot(PodWorker.Phase.RUNNING, true, RUNNING, 0, READY).toStatus();
        assertEquals("127.0.1.7", status.getPodIP());
        assertEquals("127.0.1.7", status.getPodIPs().get(0).getIp());
        assertEquals("127.0.0.1", status.getHostIP());
        assertEquals("2026-12-04T10:00:00Z", status.getStartTime(), "whole seconds");
        assertEquals("2026-12-04T10:00:09Z", status.getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .findFirst().orElseThrow().getLastTransitionTime());
        assertNull(status.getQosClass(), "the API server's to set");
        assertEquals(new ContainerState(), status.getContainerStatuses().get(0).getLastState());
    }

    private static PodSnapshot snapshot(PodWorker.Phase phase, boolean ready, Instant runningSince, int restarts,
            Instant readySince) {
        return new PodSnapshot(phase, ready, runningSince != null, restarts, WAITING, null, CREATED, readySince,
                runningSince, "127.0.1.7", "runtime", "isopool/runtime:0.1.0", "process://isopool/runtime:0.1.0",
                "process://42");
    }

    private static String condition(PodStatus status, String type) {
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow()
                .getStatus();
    }
}
