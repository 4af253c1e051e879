package dev.isopool.operator.status;

import static dev.isopool.operator.status.ConditionTypes.DEGRADED;
import static dev.isopool.operator.status.ConditionTypes.FALSE;
import static dev.isopool.operator.status.ConditionTypes.PROGRESSING;
import static dev.isopool.operator.status.ConditionTypes.READY;
import static dev.isopool.operator.status.ConditionTypes.SCALING_ACTIVE;
import static dev.isopool.operator.status.ConditionTypes.SCALING_LIMITED;
import static dev.isopool.operator.status.ConditionTypes.TRUE;
import static dev.isopool.operator.status.ConditionTypes.UNKNOWN;

import dev.isopool.autoscaler.Limit;
import dev.isopool.operator.api.AutoscalerStatus;
import dev.isopool.operator.api.SandboxPoolStatus;
import dev.isopool.operator.planning.SpecProblem;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds a pool's whole status from the previous status and one observation. The only place conditions are
 * decided; pure, so it is tested as a table. `lastTransitionTime` is kept unless a condition's status flips.
 */
public final class StatusAggregator {

    public SandboxPoolStatus aggregate(SandboxPoolStatus previous, PoolObservation obs, Instant now) {
        SandboxPoolStatus prev = previous == null ? new SandboxPoolStatus() : previous;
        Optional<DeploymentView> dep = obs.deployment();
        SandboxPoolStatus next = new SandboxPoolStatus();
        next.setObservedGeneration(obs.generation());
        next.setReplicas(dep.map(DeploymentView::replicas).orElse(0));
        next.setReadyReplicas(dep.map(DeploymentView::readyReplicas).orElse(0));
        next.setDesiredReplicas(obs.desiredReplicas());
        next.setSelector(obs.selector());
        next.setSignals(prev.getSignals());
        next.setLastScaleTime(prev.getLastScaleTime());
        next.setLastScaleReason(prev.getLastScaleReason());
        next.setAutoscaler(prev.getAutoscaler());
        next.setAutoTune(prev.getAutoTune());
        next.setV8Flags(obs.v8Flags().orElse(prev.getV8Flags()));
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        next.setConditions(List.of(
                stamp(ready(obs), prev, obs.generation(), time),
                stamp(progressing(obs), prev, obs.generation(), time),
                stamp(degraded(obs), prev, obs.generation(), time),
                stamp(scalingActive(obs, prev), prev, obs.generation(), time),
                stamp(scalingLimited(obs, prev), prev, obs.generation(), time)));
        return next;
    }

    /** A condition before stamping: type, status, reason, message. */
    record Verdict(String type, String status, String reason, String message) {
    }

    static Verdict ready(PoolObservation obs) {
        if (!obs.errors().isEmpty()) {
            return new Verdict(READY, FALSE, SpecProblem.INVALID_SPEC,
                    "The spec is invalid (see Degraded); the last valid configuration, if any, is left running");
        }
        if (obs.deployment().isEmpty()) {
            return new Verdict(READY, FALSE, "DeploymentPending", "Waiting for the runtime Deployment");
        }
        DeploymentView dep = obs.deployment().get();
        int desired = obs.desiredReplicas();
        if (desired == 0) {
            return new Verdict(READY, TRUE, "ScaledToZero", "The pool is scaled to zero pods");
        }
        String count = dep.readyReplicas() + "/" + desired + " runtime pods ready";
        if (dep.rolloutComplete(desired) && dep.readyReplicas() >= desired) {
            return new Verdict(READY, TRUE, "AllReplicasReady", count);
        }
        return new Verdict(READY, FALSE, "ReplicasNotReady",
                dep.rolloutComplete(desired) ? count : count + "; rolling out the current configuration");
    }

    static Verdict progressing(PoolObservation obs) {
        if (!obs.errors().isEmpty()) {
            return new Verdict(PROGRESSING, FALSE, SpecProblem.INVALID_SPEC,
                    "Not applying generation " + obs.generation() + ": the spec is invalid");
        }
        if (obs.deployment().isEmpty()) {
            return new Verdict(PROGRESSING, TRUE, "Creating", "Creating the runtime Deployment");
        }
        DeploymentView dep = obs.deployment().get();
        if (dep.failure().isPresent()) {
            DeploymentView.Failure f = dep.failure().get();
            return new Verdict(PROGRESSING, FALSE, f.reason(), orDefault(f.message(), "The rollout is stuck"));
        }
        int desired = obs.desiredReplicas();
        if (!dep.rolloutComplete(desired)) {
            return new Verdict(PROGRESSING, TRUE, "RollingOut",
                    dep.updatedReplicas() + "/" + desired + " runtime pods run the current configuration");
        }
        if (dep.readyReplicas() < desired) {
            return new Verdict(PROGRESSING, TRUE, "WaitingForReadyPods",
                    dep.readyReplicas() + "/" + desired + " runtime pods ready");
        }
        return new Verdict(PROGRESSING, FALSE, "Complete",
                "The runtime pods match generation " + obs.generation());
    }

    static Verdict degraded(PoolObservation obs) {
        if (!obs.errors().isEmpty()) {
            return new Verdict(DEGRADED, TRUE, SpecProblem.INVALID_SPEC, join(obs.errors()));
        }
        Optional<DeploymentView.Failure> failure = obs.deployment().flatMap(DeploymentView::failure);
        if (failure.isPresent()) {
            return new Verdict(DEGRADED, TRUE, failure.get().reason(),
                    orDefault(failure.get().message(), "The runtime Deployment cannot make progress"));
        }
        if (!obs.warnings().isEmpty()) {
            return new Verdict(DEGRADED, TRUE, obs.warnings().get(0).reason(), join(obs.warnings()));
        }
        return new Verdict(DEGRADED, FALSE, "AsExpected", "No problems found");
    }

    static Verdict scalingActive(PoolObservation obs, SandboxPoolStatus prev) {
        if (!obs.autoscalingEnabled()) {
            return new Verdict(SCALING_ACTIVE, FALSE, "AutoscalingDisabled",
                    "spec.autoscaling.enabled is false; the pool runs spec.replicas pods");
        }
        if (prev.getSignals() == null) {
            return new Verdict(SCALING_ACTIVE, UNKNOWN, "NoSignalsYet",
                    "No signals have been read from the pods yet; running " + obs.desiredReplicas() + " pods");
        }
        AutoscalerStatus as = prev.getAutoscaler();
        if (as != null && Boolean.TRUE.equals(as.getSignalsMissing())) {
            return new Verdict(SCALING_ACTIVE, FALSE, "MissingSignals",
                    orDefault(as.getLastDecision(), "No pod answered the last scrape") + " (missing is never idle)");
        }
        return new Verdict(SCALING_ACTIVE, TRUE, "SignalsAvailable",
                "Signals from " + orDefault(prev.getSignals().getSampledPods(), 0) + " pods at "
                        + orDefault(prev.getSignals().getObservedAt(), "an unknown time")
                        + (as != null && as.getLastDecision() != null ? "; " + as.getLastDecision() : ""));
    }

    static Verdict scalingLimited(PoolObservation obs, SandboxPoolStatus prev) {
        if (!obs.autoscalingEnabled()) {
            return new Verdict(SCALING_LIMITED, FALSE, "AutoscalingDisabled",
                    "spec.autoscaling.enabled is false");
        }
        AutoscalerStatus as = prev.getAutoscaler();
        if (as != null && as.getLimitReason() != null) {
            boolean limited = !Limit.WITHIN_RANGE.equals(as.getLimitReason());
            return new Verdict(SCALING_LIMITED, limited ? TRUE : FALSE, as.getLimitReason(),
                    orDefault(as.getLimitMessage(), as.getLimitReason()));
        }
        return new Verdict(SCALING_LIMITED, UNKNOWN, "NoDecisionYet",
                "The autoscaler has made no decision; starting at minReplicas (" + obs.minReplicas() + ")");
    }

    private static Condition stamp(Verdict v, SandboxPoolStatus prev, long generation, String now) {
        String since = prev.condition(v.type())
                .filter(c -> v.status().equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(Condition::getLastTransitionTime)
                .orElse(now);
        return new ConditionBuilder()
                .withType(v.type())
                .withStatus(v.status())
                .withReason(v.reason())
                .withMessage(v.message())
                .withObservedGeneration(generation)
                .withLastTransitionTime(since)
                .build();
    }

    private static String join(List<SpecProblem> problems) {
        return problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
