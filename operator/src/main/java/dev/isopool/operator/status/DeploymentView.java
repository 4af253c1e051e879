package dev.isopool.operator.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.List;
import java.util.Optional;

/** What the status aggregator needs to know about the runtime Deployment, free of nulls. */
public record DeploymentView(
        int replicas,
        int readyReplicas,
        int updatedReplicas,
        boolean rolloutObserved,
        Optional<Failure> failure) {

    /** Why the Deployment cannot make progress, as its controller reported it. */
    public record Failure(String reason, String message) {
    }

    public static DeploymentView of(Deployment deployment) {
        DeploymentStatus status = Optional.ofNullable(deployment.getStatus()).orElseGet(DeploymentStatus::new);
        Long generation = deployment.getMetadata().getGeneration();
        boolean observed = generation == null
                || (status.getObservedGeneration() != null && status.getObservedGeneration() >= generation);
        return new DeploymentView(
                orZero(status.getReplicas()),
                orZero(status.getReadyReplicas()),
                orZero(status.getUpdatedReplicas()),
                observed,
                failure(Optional.ofNullable(status.getConditions()).orElse(List.of())));
    }

    /** All pods run the current template: no old pods left and at least the wanted number updated. */
    public boolean rolloutComplete(int desired) {
        return rolloutObserved && updatedReplicas >= desired && replicas <= updatedReplicas;
    }

    private static Optional<Failure> failure(List<DeploymentCondition> conditions) {
        for (DeploymentCondition c : conditions) {
            if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())) {
                return Optional.of(new Failure(orElse(c.getReason(), "ProgressDeadlineExceeded"), c.getMessage()));
            }
            if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
                return Optional.of(new Failure(orElse(c.getReason(), "ReplicaFailure"), c.getMessage()));
            }
        }
        return Optional.empty();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
