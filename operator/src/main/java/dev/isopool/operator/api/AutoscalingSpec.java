package dev.isopool.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * How the pool sizes itself from its pods' signals. With autoscaling enabled, `spec.replicas` is ignored and the
 * pool starts at `minReplicas` until the autoscaler records a decision in `status.desiredReplicas`.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalingSpec {

    public static final int DEFAULT_MIN_REPLICAS = 1;
    public static final int DEFAULT_MAX_REPLICAS = 20;
    public static final double DEFAULT_LAG_TARGET_MS = 30;
    public static final double DEFAULT_SLOWDOWN_MAX = 2.0;
    public static final double DEFAULT_TARGET_UTILIZATION = 0.7;
    public static final int DEFAULT_INTERVAL_SECONDS = 5;
    public static final int DEFAULT_SCALE_DOWN_WINDOW_SECONDS = 300;

    @JsonPropertyDescription("Let the operator size the pool. When false, the pool runs `spec.replicas` pods.")
    @Default("false")
    private Boolean enabled;

    @JsonPropertyDescription("Fewest pods the autoscaler may run. Must not exceed `maxReplicas`.")
    @Min(1)
    @Max(1000)
    @Default("1")
    private Integer minReplicas;

    @JsonPropertyDescription("Most pods the autoscaler may run.")
    @Min(1)
    @Max(1000)
    @Default("20")
    private Integer maxReplicas;

    @JsonPropertyDescription("Event-loop lag p99 (ms) above which the pool is scaled up in proportion to the "
            + "excess.")
    @Min(1)
    @Max(60000)
    @Default("30")
    private Double eventLoopLagP99TargetMs;

    @JsonPropertyDescription("Worker slowdown (loaded canary time / idle baseline) above which the pool is scaled "
            + "up.")
    @Min(1)
    @Max(100)
    @Default("2.0")
    private Double workerSlowdownMax;

    @JsonPropertyDescription("Busy worker time / available worker time the autoscaler steers towards.")
    @Min(0.05)
    @Max(1)
    @Default("0.7")
    private Double targetUtilization;

    @JsonPropertyDescription("Seconds between two scrapes of the pods' `/v1/signals`.")
    @Min(1)
    @Max(3600)
    @Default("5")
    private Integer intervalSeconds;

    @JsonPropertyDescription("Seconds a lower recommendation must persist before the pool scales down.")
    @Min(0)
    @Max(3600)
    @Default("300")
    private Integer scaleDownStabilizationSeconds;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public Integer getMinReplicas() {
        return minReplicas;
    }

    public void setMinReplicas(Integer minReplicas) {
        this.minReplicas = minReplicas;
    }

    public Integer getMaxReplicas() {
        return maxReplicas;
    }

    public void setMaxReplicas(Integer maxReplicas) {
        this.maxReplicas = maxReplicas;
    }

    public Double getEventLoopLagP99TargetMs() {
        return eventLoopLagP99TargetMs;
    }

    public void setEventLoopLagP99TargetMs(Double eventLoopLagP99TargetMs) {
        this.eventLoopLagP99TargetMs = eventLoopLagP99TargetMs;
    }

    public Double getWorkerSlowdownMax() {
        return workerSlowdownMax;
    }

    public void setWorkerSlowdownMax(Double workerSlowdownMax) {
        this.workerSlowdownMax = workerSlowdownMax;
    }

    public Double getTargetUtilization() {
        return targetUtilization;
    }

    public void setTargetUtilization(Double targetUtilization) {
        this.targetUtilization = targetUtilization;
    }

    public Integer getIntervalSeconds() {
        return intervalSeconds;
    }

    public void setIntervalSeconds(Integer intervalSeconds) {
        this.intervalSeconds = intervalSeconds;
    }

    public Integer getScaleDownStabilizationSeconds() {
        return scaleDownStabilizationSeconds;
    }

    public void setScaleDownStabilizationSeconds(Integer scaleDownStabilizationSeconds) {
        this.scaleDownStabilizationSeconds = scaleDownStabilizationSeconds;
    }
}
