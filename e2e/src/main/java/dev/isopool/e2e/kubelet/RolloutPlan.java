package dev.isopool.e2e.kubelet;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the Deployment controller does next for one Deployment, from its pods: scale to the replicas, and on a
 * template change roll pods over within maxSurge (extra pods) and maxUnavailable (ready pods below the
 * replicas), as `RollingUpdate` does; or stop every old pod before starting new ones (`Recreate`). Pure.
 */
public final class RolloutPlan {

    /** A live (not terminating) pod of the Deployment. */
    public record Pod(String name, String templateHash, boolean ready, Instant created) {
    }

    /** How many pods to create (with the current template) and which to delete. */
    public record Step(int create, List<String> delete) {
    }

    private RolloutPlan() {
    }

    public static Step next(int replicas, String currentHash, boolean recreate, IntOrString maxSurge,
            IntOrString maxUnavailable, List<Pod> pods, int terminatingOld) {
        List<Pod> current = pods.stream().filter(p -> p.templateHash().equals(currentHash)).toList();
        List<Pod> old = pods.stream().filter(p -> !p.templateHash().equals(currentHash)).toList();
        List<String> delete = new ArrayList<>();
        if (recreate) {
            if (!old.isEmpty()) {
                old.forEach(p -> delete.add(p.name()));
                return new Step(0, delete);
            }
            if (terminatingOld > 0) {
                return new Step(0, delete);
            }
            return scale(replicas, current);
        }
        if (old.isEmpty()) {
            return scale(replicas, current);
        }
        int surge = resolve(maxSurge, replicas, true, "25%");
        int unavailable = resolve(maxUnavailable, replicas, false, "25%");
        if (surge == 0 && unavailable == 0) {
            surge = 1;
        }
        int create = Math.max(0, Math.min(replicas - current.size(), replicas + surge - pods.size()));
        if (current.size() > replicas) {
            surplus(current, current.size() - replicas).forEach(p -> delete.add(p.name()));
        }
        // old pods that are not ready cost no availability; the ready ones go while enough stay ready
        long ready = pods.stream().filter(Pod::ready).count();
        int minAvailable = replicas - unavailable;
        long removableReady = Math.max(0, ready - minAvailable);
        for (Pod p : surplus(old, old.size())) {
            if (!p.ready()) {
                delete.add(p.name());
            } else if (removableReady > 0) {
                delete.add(p.name());
                removableReady--;
            }
        }
        return new Step(create, delete);
    }

    private static Step scale(int replicas, List<Pod> pods) {
        if (pods.size() < replicas) {
            return new Step(replicas - pods.size(), List.of());
        }
        return new Step(0, surplus(pods, pods.size() - replicas).stream().map(Pod::name).toList());
    }

    /** The pods to remove first, as the ReplicaSet controller ranks them: not ready, then newest. */
    private static List<Pod> surplus(List<Pod> pods, int count) {
        return pods.stream()
                .sorted(Comparator.comparing(Pod::ready).thenComparing(Pod::created, Comparator.reverseOrder())
                        .thenComparing(Pod::name))
                .limit(Math.max(0, count)).toList();
    }

    /** An absolute number or a percentage of the replicas, rounded up for surge and down for unavailable. */
    static int resolve(IntOrString value, int replicas, boolean roundUp, String otherwise) {
        if (value != null && value.getIntVal() != null) {
            return Math.max(0, value.getIntVal());
        }
        String text = value == null || value.getStrVal() == null ? otherwise : value.getStrVal().trim();
        if (!text.endsWith("%")) {
            return Math.max(0, Integer.parseInt(text));
        }
        double fraction = Integer.parseInt(text.substring(0, text.length() - 1)) / 100.0 * replicas;
        return (int) (roundUp ? Math.ceil(fraction) : Math.floor(fraction));
    }
}
