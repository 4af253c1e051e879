package dev.isopool.autoscaler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HPA replica calculation for one signal, over the pods of one scrape.
 *
 * <p>Per-pod values are averaged over the ready pods that answered, as the HPA averages per-pod metrics: with the
 * Service spreading requests evenly, each pod's lag p99, slowdown and utilization estimate the same pool-wide
 * quantity, and the mean makes `ceil(n x mean / target)` the pod count that brings the average to target. One pod
 * stuck behind a long execution (which more pods would not fix) then moves the pool by 1/n, not by its own ratio.
 *
 * <p>Pods that did not answer and pods that are not ready follow the HPA's rules: on a scale-up, a missing pod
 * counts as 0 (idle), and so does a not-ready pod; on a scale-down, a missing pod counts as exactly on target and
 * not-ready pods are left out. If filling them in flips the direction or lands within the tolerance, the count stays.
 */
final class ReplicaCalculator {

    private ReplicaCalculator() {
    }

    static Optional<Proposal> propose(SignalKind kind, double target, PoolSample sample, double tolerance) {
        List<Double> values = new ArrayList<>();
        int unready = 0;
        int missing = 0;
        for (PodSample pod : sample.pods()) {
            if (!pod.ready()) {
                unready++;
            } else if (pod.reading().isEmpty()) {
                missing++;
            } else {
                values.add(kind.read(pod.reading().get()));
            }
        }
        if (values.isEmpty()) {
            return Optional.empty();
        }
        int current = sample.currentReplicas();
        double sum = values.stream().mapToDouble(Double::doubleValue).sum();
        double mean = sum / values.size();
        double ratio = mean / target;
        if (kind.alarm() && ratio <= 1.0) {
            return Optional.of(new Proposal(kind, current, ratio, mean, target, true));
        }
        boolean scaleUpWithUnready = unready > 0 && ratio > 1.0;
        if (!scaleUpWithUnready && missing == 0) {
            if (Math.abs(1.0 - ratio) <= tolerance) {
                return Optional.of(new Proposal(kind, current, ratio, mean, target, false));
            }
            return Optional.of(new Proposal(kind, ceil(ratio * values.size()), ratio, mean, target, false));
        }
        int counted = values.size();
        double filledSum = sum;
        if (missing > 0) {
            if (ratio < 1.0) {
                filledSum += missing * target;
                counted += missing;
            } else if (ratio > 1.0) {
                counted += missing;
            }
        }
        if (scaleUpWithUnready) {
            counted += unready;
        }
        double newRatio = filledSum / counted / target;
        if (Math.abs(1.0 - newRatio) <= tolerance || (ratio < 1.0 && newRatio > 1.0)
                || (ratio > 1.0 && newRatio < 1.0)) {
            return Optional.of(new Proposal(kind, current, newRatio, mean, target, false));
        }
        int replicas = ceil(newRatio * counted);
        if ((newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current)) {
            return Optional.of(new Proposal(kind, current, newRatio, mean, target, false));
        }
        return Optional.of(new Proposal(kind, replicas, newRatio, mean, target, false));
    }

    /** `ceil` that does not turn 6.000000000000001 (0.84 / 0.7 x 5) into 7. */
    static int ceil(double x) {
        return (int) Math.ceil(x - 1e-9);
    }
}
