package dev.isopool.autoscaler;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The HPA `behavior` rules of one direction: a stabilization window and rate policies, of which `select` picks the
 * one allowing the largest change (MAX), the smallest (MIN), or forbids changes in this direction (DISABLED).
 */
public record ScalingRules(int stabilizationWindowSeconds, List<RatePolicy> policies, Select select) {

    /** HPA `selectPolicy`. */
    public enum Select {
        MAX, MIN, DISABLED
    }

    public ScalingRules {
        policies = List.copyOf(policies);
    }

    /** HPA default for scale-up: no stabilization, max(4 pods, 100%) per 15 s. */
    public static ScalingRules hpaScaleUp() {
        return new ScalingRules(0, List.of(RatePolicy.percent(100, 15), RatePolicy.pods(4, 15)), Select.MAX);
    }

    /** HPA default for scale-down: the given stabilization window (HPA: 300 s), 100% per 15 s. */
    public static ScalingRules hpaScaleDown(int stabilizationWindowSeconds) {
        return new ScalingRules(stabilizationWindowSeconds, List.of(RatePolicy.percent(100, 15)), Select.MAX);
    }

    /** The longest policy period: scale events older than this no longer matter. */
    public int longestPeriodSeconds() {
        return policies.stream().mapToInt(RatePolicy::periodSeconds).max().orElse(0);
    }

    /** For explanations: "max(100% per 15 s, 4 pods per 15 s)". */
    public String describe() {
        if (select == Select.DISABLED) {
            return "disabled";
        }
        String joined = policies.stream().map(RatePolicy::toString).collect(Collectors.joining(", "));
        return policies.size() == 1 ? joined : select.name().toLowerCase() + "(" + joined + ")";
    }
}
