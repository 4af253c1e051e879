package dev.isopool.e2e.kubelet;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What the node agent knows of one pod at one moment, as a value, and the kubelet's rules from it to the Pod's
 * status: the phase (Pending until the container first ran, Running while it runs or waits to restart,
 * Succeeded once it is gone), Ready and ContainersReady only while running and ready (a terminating pod gets no
 * traffic), and one container status.
 */
record PodSnapshot(PodWorker.Phase phase, boolean ready, boolean started, int restarts, ContainerState state,
        ContainerState lastState, Instant created, Instant readySince, Instant runningSince, String ip,
        String container, String image, String imageId, String containerId) {

    PodStatus toStatus() {
        boolean containerReady = ready && phase == PodWorker.Phase.RUNNING;
        Instant readyChanged = readySince == null ? created : readySince;
        List<PodCondition> conditions = List.of(
                condition("Initialized", true, created),
                condition("Ready", containerReady, readyChanged),
                condition("ContainersReady", containerReady, readyChanged),
                condition("PodScheduled", true, created));
        return new PodStatusBuilder()
                .withPhase(podPhase())
                .withHostIP("127.0.0.1")
                .withPodIP(ip)
                .addNewPodIP(ip)
                .withStartTime(timestamp(created))
                .withConditions(conditions)
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(container)
                        .withImage(image)
                        .withImageID(imageId)
                        .withContainerID(containerId)
                        .withReady(containerReady)
                        .withStarted(started)
                        .withRestartCount(restarts)
                        .withState(state)
                        .withLastState(lastState == null ? new ContainerState() : lastState)
                        .build())
                .build();
    }

    String podPhase() {
        return switch (phase) {
            case PENDING -> runningSince == null && restarts == 0 ? "Pending" : "Running";
            case RUNNING, TERMINATING -> "Running";
            case GONE -> "Succeeded";
        };
    }

    /** The API's timestamps: RFC 3339 in whole seconds. */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static PodCondition condition(String type, boolean status, Instant since) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False")
                .withLastTransitionTime(timestamp(since)).build();
    }
}
