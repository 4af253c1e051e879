package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The latest aggregate of the pods' `/v1/signals`, as the autoscaler saw it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolSignals {

    @JsonPropertyDescription("Event-loop lag p99 (ms), mean over the pods that answered (the value the autoscaler acts on).")
    private Double eventLoopLagP99Ms;

    @JsonPropertyDescription("Worker slowdown (cpuContention x codeSlowdown), mean over the pods that answered: "
            + "the signal the autoscaler acts on.")
    private Double workerSlowdown;

    @JsonPropertyDescription("CPU contention, the first factor of worker slowdown: wall time the workers ran code "
            + "over the CPU time they got for it (about 1 with a core per busy worker, 2 when two share one), mean "
            + "over the pods that answered.")
    private Double cpuContention;

    @JsonPropertyDescription("Code slowdown, the second factor of worker slowdown: the canary's CPU time over its "
            + "idle baseline (the engine itself got slower: code left in a lower tier, deoptimization, GC), mean "
            + "over the pods that answered.")
    private Double codeSlowdown;

    @JsonPropertyDescription("Busy worker time / available worker time, mean over the pods that answered.")
    private Double utilization;

    @JsonPropertyDescription("How many pods answered the last scrape with usable signals.")
    private Integer sampledPods;

    @JsonPropertyDescription("When the signals were scraped (RFC 3339).")
    private String observedAt;

    public Double getEventLoopLagP99Ms() {
        return eventLoopLagP99Ms;
    }

    public void setEventLoopLagP99Ms(Double eventLoopLagP99Ms) {
        this.eventLoopLagP99Ms = eventLoopLagP99Ms;
    }

    public Double getWorkerSlowdown() {
        return workerSlowdown;
    }

    public void setWorkerSlowdown(Double workerSlowdown) {
        this.workerSlowdown = workerSlowdown;
    }

    public Double getCpuContention() {
        return cpuContention;
    }

    public void setCpuContention(Double cpuContention) {
        this.cpuContention = cpuContention;
    }

    public Double getCodeSlowdown() {
        return codeSlowdown;
    }

    public void setCodeSlowdown(Double codeSlowdown) {
        this.codeSlowdown = codeSlowdown;
    }

    public Double getUtilization() {
        return utilization;
    }

    public void setUtilization(Double utilization) {
        this.utilization = utilization;
    }

    public Integer getSampledPods() {
        return sampledPods;
    }

    public void setSampledPods(Integer sampledPods) {
        this.sampledPods = sampledPods;
    }

    public String getObservedAt() {
        return observedAt;
    }

    public void setObservedAt(String observedAt) {
        this.observedAt = observedAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolSignals other
                && Objects.equals(eventLoopLagP99Ms, other.eventLoopLagP99Ms)
                && Objects.equals(workerSlowdown, other.workerSlowdown)
                && Objects.equals(cpuContention, other.cpuContention)
                && Objects.equals(codeSlowdown, other.codeSlowdown)
                && Objects.equals(utilization, other.utilization)
                && Objects.equals(sampledPods, other.sampledPods)
                && Objects.equals(observedAt, other.observedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventLoopLagP99Ms, workerSlowdown, cpuContention, codeSlowdown, utilization, sampledPods,
                observedAt);
    }
}
