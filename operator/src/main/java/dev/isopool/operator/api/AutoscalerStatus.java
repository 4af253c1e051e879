package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The autoscaler's memory and its last decision. Kept in status (not in the operator's memory, as the HPA does) so
 * that an operator restart neither forgets the scale-down window nor scales down early.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalerStatus {

    @JsonPropertyDescription("Raw recommendations inside the stabilization windows: for each distinct count, the "
            + "latest time it was recommended.")
    private List<TimedReplicas> recommendations = new ArrayList<>();

    @JsonPropertyDescription("Replica changes inside the rate policies' periods (negative: scale-down).")
    private List<TimedReplicas> scaleEvents = new ArrayList<>();

    @JsonPropertyDescription("The last time a ratio reached the panic threshold; no scale-down for 60 s after it.")
    private String lastPanicTime;

    @JsonPropertyDescription("The most replicas decided during the current panic.")
    private Integer maxPanicReplicas;

    @JsonPropertyDescription("Since when worker slowdown has stayed above `workerSlowdownMax`.")
    private String slowdownSince;

    @JsonPropertyDescription("Since when event-loop lag p99 has stayed above `eventLoopLagP99TargetMs` (lag and "
            + "slowdown count only once they have stayed above their target for 20 s).")
    private String lagAboveSince;

    @JsonPropertyDescription("When the autoscaler last decided (every interval, whether or not the count changed).")
    private String lastDecisionTime;

    @JsonPropertyDescription("The last decision in words, also when the count stayed.")
    private String lastDecision;

    @JsonPropertyDescription("Why the last decision was limited (ScalingLimited reason): DesiredWithinRange, "
            + "TooManyReplicas, TooFewReplicas, ScaleUpLimit or ScaleDownLimit.")
    private String limitReason;

    @JsonPropertyDescription("The ScalingLimited message of the last decision.")
    private String limitMessage;

    @JsonPropertyDescription("No pod answered the last scrape: the count is held.")
    private Boolean signalsMissing;

    @JsonPropertyDescription("Set while persistent worker slowdown with WebAssembly tier-up on points to the Liftoff "
            + "anomaly (Degraded, reason LiftoffSuspected): what to do about it.")
    private String liftoffSuspected;

    public List<TimedReplicas> getRecommendations() {
        return recommendations;
    }

    public void setRecommendations(List<TimedReplicas> recommendations) {
        this.recommendations = recommendations;
    }

    public List<TimedReplicas> getScaleEvents() {
        return scaleEvents;
    }

    public void setScaleEvents(List<TimedReplicas> scaleEvents) {
        this.scaleEvents = scaleEvents;
    }

    public String getLastPanicTime() {
        return lastPanicTime;
    }

    public void setLastPanicTime(String lastPanicTime) {
        this.lastPanicTime = lastPanicTime;
    }

    public Integer getMaxPanicReplicas() {
        return maxPanicReplicas;
    }

    public void setMaxPanicReplicas(Integer maxPanicReplicas) {
        this.maxPanicReplicas = maxPanicReplicas;
    }

    public String getSlowdownSince() {
        return slowdownSince;
    }

    public void setSlowdownSince(String slowdownSince) {
        this.slowdownSince = slowdownSince;
    }

    public String getLagAboveSince() {
        return lagAboveSince;
    }

    public void setLagAboveSince(String lagAboveSince) {
        this.lagAboveSince = lagAboveSince;
    }

    public String getLastDecisionTime() {
        return lastDecisionTime;
    }

    public void setLastDecisionTime(String lastDecisionTime) {
        this.lastDecisionTime = lastDecisionTime;
    }

    public String getLastDecision() {
        return lastDecision;
    }

    public void setLastDecision(String lastDecision) {
        this.lastDecision = lastDecision;
    }

    public String getLimitReason() {
        return limitReason;
    }

    public void setLimitReason(String limitReason) {
        this.limitReason = limitReason;
    }

    public String getLimitMessage() {
        return limitMessage;
    }

    public void setLimitMessage(String limitMessage) {
        this.limitMessage = limitMessage;
    }

    public Boolean getSignalsMissing() {
        return signalsMissing;
    }

    public void setSignalsMissing(Boolean signalsMissing) {
        this.signalsMissing = signalsMissing;
    }

    public String getLiftoffSuspected() {
        return liftoffSuspected;
    }

    public void setLiftoffSuspected(String liftoffSuspected) {
        this.liftoffSuspected = liftoffSuspected;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AutoscalerStatus other
                && Objects.equals(recommendations, other.recommendations)
                && Objects.equals(scaleEvents, other.scaleEvents)
                && Objects.equals(lastPanicTime, other.lastPanicTime)
                && Objects.equals(maxPanicReplicas, other.maxPanicReplicas)
                && Objects.equals(slowdownSince, other.slowdownSince)
                && Objects.equals(lagAboveSince, other.lagAboveSince)
                && Objects.equals(lastDecisionTime, other.lastDecisionTime)
                && Objects.equals(lastDecision, other.lastDecision)
                && Objects.equals(limitReason, other.limitReason)
                && Objects.equals(limitMessage, other.limitMessage)
                && Objects.equals(signalsMissing, other.signalsMissing)
                && Objects.equals(liftoffSuspected, other.liftoffSuspected);
    }

    @Override
    public int hashCode() {
        return Objects.hash(recommendations, scaleEvents, lastPanicTime, maxPanicReplicas, slowdownSince, lagAboveSince,
                lastDecisionTime, lastDecision, limitReason, limitMessage, signalsMissing, liftoffSuspected);
    }
}
