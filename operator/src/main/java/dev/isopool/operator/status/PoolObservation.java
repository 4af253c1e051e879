package dev.isopool.operator.status;

import dev.isopool.operator.planning.SpecProblem;
import java.util.List;
import java.util.Optional;

/**
 * Everything the status aggregator looks at for one reconciliation: the spec's problems, the Deployment as seen
 * in the cache (empty before it exists), the replica count the pool should run, and the V8 flags its pods are
 * given (empty while the spec is invalid: the status keeps the last ones).
 */
public record PoolObservation(
        long generation,
        List<SpecProblem> errors,
        List<SpecProblem> warnings,
        Optional<DeploymentView> deployment,
        boolean autoscalingEnabled,
        int minReplicas,
        int desiredReplicas,
        String selector,
        Optional<String> v8Flags) {
}
