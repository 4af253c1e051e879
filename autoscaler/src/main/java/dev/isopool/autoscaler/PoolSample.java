package dev.isopool.autoscaler;

import java.util.ArrayList;
import java.util.List;

/**
 * One scrape of a pool: the replica count it is meant to run now (the Deployment's `spec.replicas`, what the HPA
 * calls the current replicas) and what each existing pod said.
 */
public record PoolSample(int currentReplicas, List<PodSample> pods) {

    public PoolSample {
        pods = List.copyOf(pods);
    }

    /** `n` ready pods that all answered with the same signals. */
    public static PoolSample uniform(int n, double lagP99Ms, double slowdown, double utilization) {
        List<PodSample> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(PodSample.of(lagP99Ms, slowdown, utilization));
        }
        return new PoolSample(n, pods);
    }

    /** `n` ready pods, none of which answered. */
    public static PoolSample silent(int n) {
        List<PodSample> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pods.add(PodSample.missing());
        }
        return new PoolSample(n, pods);
    }

    public int answered() {
        return (int) pods.stream().filter(PodSample::answered).count();
    }

    public int ready() {
        return (int) pods.stream().filter(PodSample::ready).count();
    }
}
