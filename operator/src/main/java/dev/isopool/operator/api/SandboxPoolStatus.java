package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The observed state of a pool, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxPoolStatus {

    @JsonPropertyDescription("The `metadata.generation` this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Runtime pods that exist (the Deployment's `status.replicas`).")
    @StatusReplicas
    private Integer replicas;

    @JsonPropertyDescription("Runtime pods that pass their readiness probe.")
    private Integer readyReplicas;

    @JsonPropertyDescription("Pods the pool should run now: `spec.replicas`, or the autoscaler's decision within "
            + "its bounds.")
    private Integer desiredReplicas;

    @JsonPropertyDescription("Label selector of the pool's pods, in string form (for the `/scale` subresource and "
            + "HPA).")
    @LabelSelector
    private String selector;

    @JsonPropertyDescription("Ready, Progressing, Degraded, ScalingActive and ScalingLimited, following Kubernetes "
            + "API conventions: `lastTransitionTime` moves only when `status` flips.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The latest signals the autoscaler read from the pods; absent until the first scrape.")
    private PoolSignals signals;

    @JsonPropertyDescription("When the autoscaler last changed `desiredReplicas` (RFC 3339).")
    private String lastScaleTime;

    @JsonPropertyDescription("Why the autoscaler last changed `desiredReplicas`.")
    private String lastScaleReason;

    @JsonPropertyDescription("The autoscaler's remembered history and last decision; survives operator restarts.")
    private AutoscalerStatus autoscaler;

    @JsonPropertyDescription("Set once `spec.v8.autoTune` has switched the pool's V8 profile.")
    private AutoTuneStatus autoTune;

    @JsonPropertyDescription("The V8 flags the pool's pods are given, wherever they are passed (`NODE_OPTIONS` or "
            + "`ISOPOOL_V8_FLAGS`): the profile's in force (`spec.v8.profile`, or the one `status.autoTune` "
            + "switched to), then `spec.v8.flags`, then the heap cap. While the spec is invalid, the last valid "
            + "spec's.")
    private String v8Flags;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public Integer getDesiredReplicas() {
        return desiredReplicas;
    }

    public void setDesiredReplicas(Integer desiredReplicas) {
        this.desiredReplicas = desiredReplicas;
    }

    public String getSelector() {
        return selector;
    }

    public void setSelector(String selector) {
        this.selector = selector;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public PoolSignals getSignals() {
        return signals;
    }

    public void setSignals(PoolSignals signals) {
        this.signals = signals;
    }

    public String getLastScaleTime() {
        return lastScaleTime;
    }

    public void setLastScaleTime(String lastScaleTime) {
        this.lastScaleTime = lastScaleTime;
    }

    public String getLastScaleReason() {
        return lastScaleReason;
    }

    public void setLastScaleReason(String lastScaleReason) {
        this.lastScaleReason = lastScaleReason;
    }

    public AutoscalerStatus getAutoscaler() {
        return autoscaler;
    }

    public void setAutoscaler(AutoscalerStatus autoscaler) {
        this.autoscaler = autoscaler;
    }

    public AutoTuneStatus getAutoTune() {
        return autoTune;
    }

    public void setAutoTune(AutoTuneStatus autoTune) {
        this.autoTune = autoTune;
    }

    public String getV8Flags() {
        return v8Flags;
    }

    public void setV8Flags(String v8Flags) {
        this.v8Flags = v8Flags;
    }

    /** A copy deep enough for the operator to change any field without touching this one's lists. */
    public SandboxPoolStatus copy() {
        SandboxPoolStatus c = new SandboxPoolStatus();
        c.observedGeneration = observedGeneration;
        c.replicas = replicas;
        c.readyReplicas = readyReplicas;
        c.desiredReplicas = desiredReplicas;
        c.selector = selector;
        c.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
        c.signals = signals;
        c.lastScaleTime = lastScaleTime;
        c.lastScaleReason = lastScaleReason;
        c.autoscaler = autoscaler;
        c.autoTune = autoTune;
        c.v8Flags = v8Flags;
        return c;
    }

    /** The condition of the given type, if present. */
    public Optional<Condition> condition(String type) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SandboxPoolStatus other
                && Objects.equals(observedGeneration, other.observedGeneration)
                && Objects.equals(replicas, other.replicas)
                && Objects.equals(readyReplicas, other.readyReplicas)
                && Objects.equals(desiredReplicas, other.desiredReplicas)
                && Objects.equals(selector, other.selector)
                && Objects.equals(conditions, other.conditions)
                && Objects.equals(signals, other.signals)
                && Objects.equals(lastScaleTime, other.lastScaleTime)
                && Objects.equals(lastScaleReason, other.lastScaleReason)
                && Objects.equals(autoscaler, other.autoscaler)
                && Objects.equals(autoTune, other.autoTune)
                && Objects.equals(v8Flags, other.v8Flags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, replicas, readyReplicas, desiredReplicas, selector, conditions,
                signals, lastScaleTime, lastScaleReason, autoscaler, autoTune, v8Flags);
    }
}
