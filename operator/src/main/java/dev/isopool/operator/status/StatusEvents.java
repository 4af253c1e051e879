package dev.isopool.operator.status;

import dev.isopool.operator.api.SandboxPoolStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Decides which Kubernetes events a status change deserves: the ones a user watching the pool should see. */
public final class StatusEvents {

    /** An event to record on the pool. */
    public record PoolEvent(String type, String reason, String message) {
        public static final String NORMAL = "Normal";
        public static final String WARNING = "Warning";
    }

    private StatusEvents() {
    }

    public static List<PoolEvent> between(SandboxPoolStatus previous, SandboxPoolStatus next) {
        List<PoolEvent> events = new ArrayList<>();
        Optional<Condition> oldDegraded = find(previous, ConditionTypes.DEGRADED);
        Optional<Condition> newDegraded = find(next, ConditionTypes.DEGRADED);
        boolean wasDegraded = oldDegraded.map(c -> ConditionTypes.TRUE.equals(c.getStatus())).orElse(false);
        boolean isDegraded = newDegraded.map(c -> ConditionTypes.TRUE.equals(c.getStatus())).orElse(false);
        if (isDegraded && (!wasDegraded || !sameText(oldDegraded.get(), newDegraded.get()))) {
            events.add(new PoolEvent(PoolEvent.WARNING, newDegraded.get().getReason(), newDegraded.get().getMessage()));
        } else if (wasDegraded && !isDegraded) {
            events.add(new PoolEvent(PoolEvent.NORMAL, "Recovered", "The pool is no longer degraded"));
        }
        if (flippedTo(previous, next, ConditionTypes.PROGRESSING, ConditionTypes.TRUE, "RollingOut")) {
            events.add(new PoolEvent(PoolEvent.NORMAL, "RollingOut", "Rolling out a new runtime configuration"));
        }
        if (flippedTo(previous, next, ConditionTypes.READY, ConditionTypes.TRUE, null)) {
            Condition ready = find(next, ConditionTypes.READY).orElseThrow();
            events.add(new PoolEvent(PoolEvent.NORMAL, "Ready", ready.getMessage()));
        }
        return events;
    }

    private static boolean flippedTo(SandboxPoolStatus previous, SandboxPoolStatus next, String type,
            String status, String reason) {
        Optional<Condition> now = find(next, type);
        boolean matches = now.map(c -> status.equals(c.getStatus())
                && (reason == null || reason.equals(c.getReason()))).orElse(false);
        boolean before = find(previous, type).map(c -> status.equals(c.getStatus())
                && (reason == null || reason.equals(c.getReason()))).orElse(false);
        return matches && !before;
    }

    private static boolean sameText(Condition a, Condition b) {
        return Objects.equals(a.getReason(), b.getReason()) && Objects.equals(a.getMessage(), b.getMessage());
    }

    private static Optional<Condition> find(SandboxPoolStatus status, String type) {
        return status == null ? Optional.empty() : status.condition(type);
    }
}
